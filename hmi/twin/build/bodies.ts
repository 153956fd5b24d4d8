/**
 * The bodies of the scene. `static` is one mesh; every other body is a part of the rig (build/rig.ts),
 * drawn in one call and moved by its slot's offset. Bodies built here at their rest position.
 */
import { BodyBuilder } from './body.ts';

export const CLEATS = 12;

export function newBodies() {
  return {
    /** everything that never moves */
    static: new BodyBuilder(),
    /** lamps and indicators (never move, recoloured) */
    indicators: new BodyBuilder(),
    /** moving platen, moving mould half, clamp ram: follow the mould opening */
    clamp: new BodyBuilder(),
    /** ejector rod: follows the ejector stroke, on the moving platen */
    ejector: new BodyBuilder(),
    /** injection unit on its carriage (heater bands included, recoloured) */
    carriage: new BodyBuilder(),
    /** screw-position gauge cursor, on the carriage */
    screw: new BodyBuilder(),
    /** hopper level float in the sight glass, on the carriage */
    level: new BodyBuilder(),
    frontDoor: new BodyBuilder(),
    rearDoor: new BodyBuilder(),
    purge: new BodyBuilder(),
    cellDoor: new BodyBuilder(),
    /** robot X carriage on the beam, its Z slide, its Y arm with the gripper */
    robotX: new BodyBuilder(),
    robotZ: new BodyBuilder(),
    robotY: new BodyBuilder(),
    /** laser beam and photo-eye beam (shown or moved away) */
    laserBeam: new BodyBuilder(),
    eyeBeam: new BodyBuilder(),
    cleats: Array.from({ length: CLEATS }, () => new BodyBuilder()),
  };
}

export type Bodies = ReturnType<typeof newBodies>;
