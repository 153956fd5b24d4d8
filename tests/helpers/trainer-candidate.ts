/**
 * A scripted candidate who works only through the candidate's own channels — REST (commands, trend
 * queries, diagnosis) and the realtime socket (screens viewed) — on a lab of `trainer-lab.ts`, as an
 * expert would on the heater-band exercise (domain-model §4 F01, §5.2: controlled stop, quarantine,
 * electrical LOTO, resistance measurement, band replaced, déconsignation, purge, restart, first article).
 * The simulator's own gesture preconditions apply; waiting ("until the cycle ends", "until the repair is
 * done") reads the candidate-visible state of the station, as the candidate would on the HMI.
 */
import type { SafetyModel } from '../../simulator/safety/safety-model.ts';
import { connectHmi, type HmiClient } from './hmi-lab.ts';
import type { TrainerLab, Who } from './trainer-lab.ts';

export const MIN = 60_000;

const IMM_CYCLING = new Set([
  'CLOSING',
  'MOULD_PROTECT',
  'LOCKUP',
  'INJECTION',
  'HOLDING',
  'COOLING',
  'OPENING',
  'EJECTING',
]);

export interface CommandAnswer {
  readonly status: 'accepted' | 'rejected';
  readonly seq: number;
  readonly message?: string;
  readonly result?: unknown;
}

export class ScriptedCandidate {
  readonly t: TrainerLab;
  readonly station: Who;
  socket!: HmiClient;
  /** every command answer, in order */
  readonly answers: CommandAnswer[] = [];

  constructor(t: TrainerLab, station: Who) {
    this.t = t;
    this.station = station;
  }

  async connect(): Promise<this> {
    this.socket = await connectHmi(this.t.url, {
      token: await this.t.token(this.station),
      level: 'technician',
    });
    return this;
  }

  private get st() {
    return this.t.lab.station(this.station)!;
  }

  private get safety(): SafetyModel {
    return this.st.model<SafetyModel>('safety')!;
  }

  /** simulation ms of the station */
  get now(): number {
    return this.st.clock.now;
  }

  /** epoch ms of a station time (the API's time axis) */
  epoch(ms: number): number {
    return this.t.lab.startedAt + ms;
  }

  async command(input: Record<string, unknown>): Promise<CommandAnswer> {
    const r = await this.t.api(`/api/stations/${this.station}/commands`, this.station, { json: input });
    const a = (await r.json()) as CommandAnswer;
    this.answers.push(a);
    return a;
  }

  async act(action: string, args: Record<string, unknown> = {}): Promise<CommandAnswer> {
    const a = await this.command({ kind: 'action', action, args });
    if (a.status !== 'accepted') throw new Error(`${action} refused: ${a.message}`);
    return a;
  }

  async trend(signals: readonly string[], fromMs: number, toMs = this.now): Promise<void> {
    const q = new URLSearchParams({
      signals: signals.join(','),
      from: String(this.epoch(fromMs)),
      to: String(this.epoch(toMs)),
    });
    const r = await this.t.api(`/api/stations/${this.station}/history?${q}`, this.station);
    if (r.status !== 200) throw new Error(`history ${signals.join(',')}: ${r.status} ${await r.text()}`);
  }

  async view(screen: string, target?: string): Promise<void> {
    const ack = await this.socket.ack('view', { screen, ...(target ? { target } : {}) });
    if (!ack.ok) throw new Error(`view ${screen}: ${ack.error} ${ack.message}`);
  }

  async diagnose(diagnosis: Record<string, unknown>, expectedVersion = 0): Promise<void> {
    const r = await this.t.api(`/api/stations/${this.station}/diagnosis`, this.station, {
      json: { expectedVersion, diagnosis },
    });
    if (r.status !== 200) throw new Error(`diagnosis: ${r.status} ${await r.text()}`);
  }

  private waitWork(): void {
    this.t.until(() => this.safety.s.work === null, 30 * MIN, 'the intervention to end');
  }

  /** §5.2 A: notify, semi-automatic to the end of the cycle, manual, quarantine since the onset */
  async controlledStop(fromShot: number): Promise<void> {
    await this.act('act.notify', { to: ['chef d’équipe'] });
    await this.act('act.mode_semi');
    this.t.until(() => !IMM_CYCLING.has(this.safety.b.state), 2 * MIN, 'the end of the cycle');
    await this.act('act.mode_manual');
    await this.act('act.quarantine', { from_shot: fromShot });
  }

  /** §5.2 C: electrical lockout (identify, isolate, lock, tag, verify) */
  async lockoutElectric(): Promise<void> {
    await this.act('act.loto_identify', { energies: ['electric'] });
    await this.act('act.isolate_main');
    await this.act('act.lock', { padlock: `PL-${this.station}` });
    await this.act('act.tag', {
      name: String(this.station),
      reason: 'remplacement collier',
      date: '2025-06-01',
    });
    await this.act('act.verify', { how: ['try_start', 'voltage_absence_test'] });
  }

  async diag(target: string, measurement: string): Promise<void> {
    await this.act('act.diag', { target, measurement });
    this.waitWork();
  }

  async repair(component_id: string, op: string): Promise<void> {
    await this.act('act.repair', { component_id, op });
    this.waitWork();
  }

  /** §5.2 C.7 déconsignation */
  async unlock(): Promise<void> {
    for (const a of ['act.tools_removed', 'act.guards_refitted', 'act.area_clear', 'act.unlock'])
      await this.act(a);
  }

  /** §5.2 D purge, once the zones are back in band */
  async purge(): Promise<void> {
    this.t.until(() => this.safety.b.zonesInBand, 60 * MIN, 'the zones back in band');
    await this.act('act.ppe', { items: ['face_shield', 'heat_gloves_en407', 'long_sleeves'] });
    if (this.safety.b.carriageForward) await this.act('act.carriage_back');
    await this.act('act.purge_guard_closed');
    await this.act('act.check_nozzle_t');
    await this.act('act.purge_container');
    await this.act('act.purge', { n: 3, speed: 20 });
    await this.act('act.purge_dispose');
  }

  /** §5.2 H: heat soak, restart in semi-automatic, scrap, first article, release */
  async restart(): Promise<void> {
    this.t.until(() => this.safety.b.heatSoakDone && this.safety.b.pumpRunning, 60 * MIN, 'the heat soak');
    if (!this.safety.b.guardsClosed) await this.act('act.guard_close');
    await this.act('act.restart_semi');
    const shot = this.safety.s.lastShotId;
    this.t.until(() => this.safety.s.lastShotId > shot, 3 * MIN, 'a first shot');
    await this.act('act.scrap', { n: 1 });
    await this.act('act.fai', { weight: true, key_dims: true, visual: true });
    await this.act('act.release');
  }

  close(): void {
    this.socket?.close();
  }
}

/**
 * The expert on the heater-band exercise (`vars` of the station's drawn option: zone, heater, zone_label):
 * investigation after the onset, diagnosis, intervention, verification.
 */
export async function heaterBandExpert(
  c: ScriptedCandidate,
  onset: number,
  vars: Readonly<Record<string, string | number | boolean>>,
): Promise<void> {
  const z = String(vars.zone);
  const heater = `barrel.${String(vars.heater)}`;
  const label = String(vars.zone_label);
  c.t.until(() => c.now >= onset + 5 * MIN, 90 * MIN, 'five minutes after the onset');
  await c.view('alarms');
  await c.trend([`imm.${z}.temp_actual`, `imm.${z}.temp_sp`, `imm.${z}.output_pct`], onset - 20 * MIN);
  await c.view('faceplate', 'imm');
  await c.trend(['imm.last.dose_time', 'imm.screw_torque'], onset - 30 * MIN);
  await c.trend(
    ['imm.zone1.output_pct', 'imm.zone2.output_pct', 'imm.zone3.output_pct', 'imm.zone4.output_pct'],
    onset - 20 * MIN,
  );
  await c.trend(['dryer.dew_point'], onset - 60 * MIN);
  await c.trend([`imm.${z}.current`], onset - 20 * MIN);
  await c.view('shots');
  await c.diagnose({
    symptoms: [
      `Sortie de la zone ${label} à 100 % en permanence`,
      `Température ${label} qui chute sous la consigne`,
      'Temps de dosage et couple vis en hausse',
    ],
    rootCause: { equipment: 'barrel', component: String(vars.heater), failureMode: 'open_circuit' },
    evidence: [
      {
        kind: 'signal',
        ref: `imm.${z}.output_pct`,
        from: c.epoch(onset - 20 * MIN),
        to: c.epoch(c.now),
        note: '100 % dès le début',
      },
      { kind: 'signal', ref: `imm.${z}.temp_actual`, from: c.epoch(onset - 20 * MIN), to: c.epoch(c.now) },
      { kind: 'signal', ref: 'imm.last.dose_time', from: c.epoch(onset - 30 * MIN), to: c.epoch(c.now) },
    ],
    explanation: `La sortie du régulateur ${label} est saturée à 100 % alors que la température réelle chute sous la consigne : le collier ne délivre plus de puissance (collier ouvert ou relais statique). Le courant de la zone est nul. Les zones voisines compensent. Le thermocouple est plausible, la mesure est régulière. Le dosage s'allonge (matière moins fondue, couple plus élevé).`,
    corrective:
      "Arrêt en fin de cycle, quarantaine des pièces depuis l'alarme, consignation électrique, mesure de la résistance, remplacer le collier et le serrer, réchauffer, purger, contrôle premier article.",
    preventive:
      'Surveillance du courant des colliers (transformateur de courant) avec alarme, contrôle périodique du serrage des colliers dans le plan de maintenance préventive.',
  });
  // quarantine from the first shot made after the onset (the shots screen shows their times)
  const first = c.t.lab.journal.read({ station: c.station, types: ['cycle'] }).find((e) => e.t >= onset)
    ?.payload as { shot_id?: number } | undefined;
  await c.controlledStop(Math.max(0, (first?.shot_id ?? 1) - 1));
  await c.act('act.ppe', { items: ['heat_gloves_en407', 'long_sleeves'] });
  await c.lockoutElectric();
  await c.diag(heater, 'resistance');
  await c.repair(heater, 'replace');
  await c.unlock();
  await c.purge();
  await c.restart();
  c.t.run(8 * MIN);
  await c.trend([`imm.${z}.temp_actual`, `imm.${z}.output_pct`, 'imm.last.dose_time'], c.now - 8 * MIN);
  await c.act('act.measure', { instrument: 'scale', n: 10 });
}
