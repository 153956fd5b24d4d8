/**
 * The few materials of the scene (in software GL each draw call costs about a millisecond, so they are
 * few): unlit vertex colours with the light baked in for the static body, the rig and the hoses
 * (lighting.ts); Lambert for the instanced lids; a glossy material for water droplets; translucent
 * highlight volumes. The renderer does not encode its output (lighting.ts): lit and instance-coloured
 * materials encode their own.
 */
import { LineBasicMaterial, MeshBasicMaterial, MeshLambertMaterial, MeshPhongMaterial } from 'three';
import { encodeOwnOutput } from './lighting.ts';
import { WATER } from './palette.ts';

export function createMaterials() {
  return {
    /** merged bodies: light baked into the vertex colours, drawn unlit */
    body: new MeshBasicMaterial({ vertexColors: true }),
    /** the rig (all moving bodies): the same, its vertex shader offsets each body (build/rig.ts) */
    rig: new MeshBasicMaterial({ vertexColors: true }),
    /** hoses: light baked as they bend (build/hose.ts) */
    hose: new MeshBasicMaterial({ vertexColors: true }),
    instanced: encodeOwnOutput(new MeshLambertMaterial({ color: 0xffffff })),
    water: encodeOwnOutput(
      new MeshPhongMaterial({
        color: WATER,
        shininess: 90,
        specular: 0xffffff,
        transparent: true,
        opacity: 0.85,
      }),
    ),
    highlight: encodeOwnOutput(
      new MeshBasicMaterial({ color: 0xffffff, transparent: true, opacity: 0.3, depthWrite: false }),
    ),
    selection: encodeOwnOutput(new LineBasicMaterial({ color: 0x0b5cad })),
  };
}

export type Materials = ReturnType<typeof createMaterials>;
