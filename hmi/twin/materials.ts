/**
 * The few materials of the scene (in software GL each draw call costs about a millisecond, so they are
 * few): unlit vertex colours with the light baked in for the static body, the rig and the hoses
 * (lighting.ts); Lambert for the instanced lids; a glossy material for water droplets; outline boxes
 * for highlights. The renderer does not encode its output (lighting.ts): lit and instance-coloured
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
    /** outline boxes: sRGB vertex colours, drawn over everything so a highlight is never hidden */
    outline: new LineBasicMaterial({ vertexColors: true, depthTest: false, transparent: true }),
  };
}

export type Materials = ReturnType<typeof createMaterials>;
