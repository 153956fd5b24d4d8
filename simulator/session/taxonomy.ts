/**
 * Root-cause taxonomy of the diagnosis form: equipment → component → failure mode, with French and
 * English labels and the 6M family of each failure mode (domain-model §6.5: Matière, Machine, Méthode,
 * Main-d'œuvre, Milieu, Mesure).
 *
 * It is a static list of *possibilities*: it covers the components and failure modes of every fault of
 * domain-model §4 (F01–F25) **and** of their distractors, plus plausible neighbours, so that choosing in it
 * says nothing about what was injected. It never contains fault ids, severities or the exercise's answer
 * (DESIGN.md principle 5).
 */

export const FAMILIES = ['material', 'machine', 'method', 'manpower', 'environment', 'measurement'] as const;
export type Family = (typeof FAMILIES)[number];

export const FAMILY_LABELS: Record<Family, { fr: string; en: string }> = {
  material: { fr: 'Matière', en: 'Material' },
  machine: { fr: 'Machine / matériel', en: 'Machine / equipment' },
  method: { fr: 'Méthode', en: 'Method' },
  manpower: { fr: "Main-d'œuvre", en: 'People' },
  environment: { fr: 'Milieu', en: 'Environment' },
  measurement: { fr: 'Mesure', en: 'Measurement' },
};

export interface Label {
  readonly fr: string;
  readonly en: string;
}

export interface FailureMode {
  readonly id: string;
  readonly label: Label;
  readonly family: Family;
}

export interface Component {
  readonly id: string;
  readonly label: Label;
  readonly modes: readonly FailureMode[];
}

export interface EquipmentNode {
  readonly id: string;
  readonly label: Label;
  readonly components: readonly Component[];
}

// ---- reusable failure-mode sets -------------------------------------------------------------------

type ModeSpec = readonly [id: string, fr: string, en: string, family: Family];
const modes = (...specs: readonly ModeSpec[]): FailureMode[] =>
  specs.map(([id, fr, en, family]) => ({ id, label: { fr, en }, family }));
const comp = (id: string, fr: string, en: string, m: readonly FailureMode[]): Component => ({
  id,
  label: { fr, en },
  modes: m,
});

const HEATER = modes(
  ['open_circuit', 'Collier ouvert (coupé, grillé)', 'Open circuit (burnt-out band)', 'machine'],
  ['partial_loss', 'Perte partielle de puissance', 'Partial loss of power', 'machine'],
  ['loose_band', 'Collier desserré / mauvais contact', 'Loose band / poor contact', 'machine'],
  ['ssr_stuck_open', 'Relais statique ou contacteur bloqué ouvert', 'SSR or contactor stuck open', 'machine'],
  [
    'ssr_stuck_closed',
    'Relais statique ou contacteur bloqué fermé',
    'SSR or contactor stuck closed',
    'machine',
  ],
  ['fuse_blown', 'Fusible fondu / borne desserrée', 'Blown fuse / loose terminal', 'machine'],
);
const THERMOCOUPLE = modes(
  ['drift_low', 'Dérive : lit trop bas', 'Drift: reads low', 'measurement'],
  ['drift_high', 'Dérive : lit trop haut', 'Drift: reads high', 'measurement'],
  ['displaced', 'Mal positionné / sorti de son puits', 'Displaced / out of its well', 'measurement'],
  ['open_circuit', 'Coupé (rupture, montée à fond d’échelle)', 'Open (upscale burnout)', 'measurement'],
  ['miswired', 'Inversé avec une autre zone', 'Cross-wired with another zone', 'method'],
);
const SETPOINT = modes(
  ['setpoint_too_low', 'Consigne trop basse', 'Set point too low', 'method'],
  ['setpoint_too_high', 'Consigne trop haute', 'Set point too high', 'method'],
  ['unauthorised_change', 'Modification non autorisée', 'Unauthorised change', 'manpower'],
  ['undocumented_change', 'Modification non documentée', 'Undocumented change', 'manpower'],
);
const CIRCUIT = modes(
  [
    'partial_blockage',
    'Obstruction partielle (tartre, corrosion)',
    'Partial blockage (scale, corrosion)',
    'machine',
  ],
  ['kinked_hose', 'Flexible pincé / mauvais pontage', 'Kinked hose / wrong jumper', 'method'],
  ['clogged_strainer', 'Filtre encrassé', 'Clogged strainer', 'machine'],
  ['leak', 'Fuite', 'Leak', 'machine'],
);
const CAVITY_SENSOR = modes(
  ['offset_drift', 'Dérive de zéro (offset)', 'Zero offset drift', 'measurement'],
  ['gain_error', 'Erreur de gain / gamme', 'Gain / range error', 'measurement'],
  ['open_signal', 'Signal nul (coupure)', 'Flat-line signal (open)', 'measurement'],
  ['noisy', 'Signal bruité / pics', 'Noisy signal / spikes', 'measurement'],
);
const COMM = modes(
  ['stale_value', 'Valeur figée (donnée périmée)', 'Frozen value (stale data)', 'measurement'],
  ['cable_port', 'Câble ou port réseau défaillant', 'Faulty cable or switch port', 'machine'],
  ['addressing', 'Conflit d’adresse IP / mauvais numéro d’esclave', 'IP conflict / wrong unit id', 'method'],
  ['client_dropped', 'Abonnement ou client déconnecté', 'Subscription or client dropped', 'measurement'],
);
const TCU_PUMP = modes(
  ['stopped', 'Pompe arrêtée (disjonction)', 'Pump stopped (trip)', 'machine'],
  ['worn', 'Pompe usée (débit faible)', 'Worn pump (low flow)', 'machine'],
);
const TCU_HEATER = modes(
  [
    'stuck_on',
    'Chauffe bloquée en marche (contacteur soudé)',
    'Heater stuck on (welded contactor)',
    'machine',
  ],
  ['failed', 'Chauffe en panne', 'Heater failed', 'machine'],
);
const TCU_VALVE = modes(
  ['stuck_closed', 'Électrovanne de refroidissement bloquée fermée', 'Cooling valve stuck closed', 'machine'],
  ['stuck_open', 'Électrovanne de refroidissement bloquée ouverte', 'Cooling valve stuck open', 'machine'],
);

const zones = ['1', '2', '3', '4'] as const;

// ---- the taxonomy ---------------------------------------------------------------------------------

export const TAXONOMY: readonly EquipmentNode[] = [
  {
    id: 'barrel',
    label: { fr: 'Fourreau et chauffage', en: 'Barrel and heating' },
    components: [
      ...zones.map((z) => comp(`z${z}_heater`, `Collier chauffant Z${z}`, `Heater band Z${z}`, HEATER)),
      comp('nozzle_heater', 'Collier chauffant de buse', 'Nozzle heater band', HEATER),
      ...zones.map((z) => comp(`z${z}_tc`, `Thermocouple Z${z}`, `Thermocouple Z${z}`, THERMOCOUPLE)),
      comp('nozzle_tc', 'Thermocouple de buse', 'Nozzle thermocouple', THERMOCOUPLE),
      comp(
        'barrel_profile',
        'Profil de température (consignes)',
        'Temperature profile (set points)',
        SETPOINT,
      ),
      comp(
        'feed_throat',
        'Goulotte d’alimentation',
        'Feed throat',
        modes(
          [
            'too_hot',
            'Refroidissement insuffisant (granulés collent)',
            'Cooling insufficient (pellets stick)',
            'machine',
          ],
          ['bridging', 'Voûtage / pontage', 'Bridging', 'material'],
        ),
      ),
    ],
  },
  {
    id: 'injection_unit',
    label: { fr: 'Unité d’injection', en: 'Injection unit' },
    components: [
      comp(
        'check_ring',
        'Clapet anti-retour (bague)',
        'Check ring (non-return valve)',
        modes(
          ['worn_leaking', 'Usé, fuite irrégulière', 'Worn, leaking inconsistently', 'machine'],
          ['broken', 'Cassé / grippé', 'Broken / seized', 'machine'],
          ['seat_damaged', 'Siège endommagé', 'Damaged seat', 'machine'],
        ),
      ),
      comp(
        'screw',
        'Vis de plastification',
        'Screw',
        modes(
          ['worn_flights', 'Filets usés', 'Worn flights', 'machine'],
          ['barrel_wear', 'Usure du fourreau', 'Barrel wear', 'machine'],
        ),
      ),
      comp(
        'nozzle_tip',
        'Embout de buse',
        'Nozzle tip',
        modes(
          ['blocked', 'Obstrué (contamination)', 'Blocked (contamination)', 'material'],
          ['frozen', 'Figé (buse froide)', 'Frozen off (cold nozzle)', 'machine'],
          ['wrong_orifice', 'Mauvais diamètre d’orifice', 'Wrong orifice size', 'method'],
          ['drool', 'Bave / filage', 'Drool / stringing', 'method'],
        ),
      ),
      comp(
        'injection_settings',
        'Réglages d’injection (vitesse, commutation, maintien)',
        'Injection settings (speed, transfer, hold)',
        modes(
          ['hold_pressure_wrong', 'Pression de maintien inadaptée', 'Hold pressure not suited', 'method'],
          ['hold_time_short', 'Temps de maintien trop court', 'Hold time too short', 'method'],
          ['transfer_wrong', 'Point de commutation inadapté', 'Transfer point not suited', 'method'],
          ['speed_profile', 'Profil de vitesse inadapté', 'Speed profile not suited', 'method'],
          ['shot_size_short', 'Dosage (course) insuffisant', 'Shot size too small', 'method'],
          ['pressure_limit_low', 'Limite de pression trop basse', 'Pressure limit too low', 'method'],
          ['back_pressure', 'Contre-pression inadaptée', 'Back pressure not suited', 'method'],
          ['unauthorised_change', 'Modification non autorisée', 'Unauthorised change', 'manpower'],
        ),
      ),
    ],
  },
  {
    id: 'clamp',
    label: { fr: 'Unité de fermeture', en: 'Clamp unit' },
    components: [
      comp(
        'clamp_hydraulics',
        'Vérin / circuit de verrouillage',
        'Clamp cylinder / circuit',
        modes(
          ['seal_leak', 'Fuite de joint', 'Seal leak', 'machine'],
          [
            'valve_drift',
            'Dérive de valve ou capteur de pression',
            'Valve or pressure sensor drift',
            'machine',
          ],
        ),
      ),
      comp(
        'mould_height',
        'Hauteur de moule',
        'Mould height',
        modes(
          ['misadjusted', 'Mauvais réglage après changement', 'Misadjusted after a change', 'method'],
          ['thermal_growth', 'Dilatation thermique du moule', 'Thermal growth of the mould', 'environment'],
        ),
      ),
      comp('clamp_setpoint', 'Consigne de force de fermeture', 'Clamp force set point', SETPOINT),
      comp(
        'tie_bars',
        'Colonnes',
        'Tie bars',
        modes(['imbalance', 'Déséquilibre / parallélisme', 'Imbalance / parallelism', 'machine']),
      ),
    ],
  },
  {
    id: 'hydraulics',
    label: { fr: 'Groupe hydraulique', en: 'Hydraulic power unit' },
    components: [
      comp(
        'oil_cooler',
        'Échangeur d’huile',
        'Oil cooler',
        modes(
          ['fouled', 'Échangeur encrassé', 'Fouled exchanger', 'machine'],
          ['valve_stuck_closed', 'Vanne d’eau bloquée fermée', 'Water valve stuck closed', 'machine'],
        ),
      ),
      comp(
        'oil',
        'Huile hydraulique',
        'Hydraulic oil',
        modes(
          ['low_level', 'Niveau bas', 'Low level', 'machine'],
          ['degraded', 'Huile dégradée', 'Degraded oil', 'machine'],
        ),
      ),
      comp(
        'pump',
        'Pompe / servomoteur',
        'Pump / servo drive',
        modes(
          ['worn', 'Usure (fuites internes)', 'Wear (internal leakage)', 'machine'],
          ['undervoltage_trip', 'Déclenchement sur sous-tension', 'Under-voltage trip', 'environment'],
        ),
      ),
      comp(
        'accumulator',
        'Accumulateur',
        'Accumulator',
        modes(['precharge_low', 'Précharge insuffisante', 'Low precharge', 'machine']),
      ),
    ],
  },
  {
    id: 'mould',
    label: { fr: 'Moule', en: 'Mould' },
    components: [
      ...(['a1', 'a2', 'b1', 'b2'] as const).map((c) =>
        comp(
          `circuit_${c}`,
          `Circuit de refroidissement ${c.toUpperCase()}`,
          `Cooling circuit ${c.toUpperCase()}`,
          CIRCUIT,
        ),
      ),
      comp(
        'vents',
        'Évents',
        'Vents',
        modes(
          ['clogged', 'Évents bouchés (dépôts)', 'Clogged vents (deposits)', 'machine'],
          ['worn_deep', 'Évents usés trop profonds', 'Vents worn too deep', 'machine'],
        ),
      ),
      comp(
        'ejector_pins',
        'Éjecteurs',
        'Ejector pins',
        modes(
          ['broken_pin', 'Éjecteur cassé', 'Broken pin', 'machine'],
          ['plate_misaligned', 'Plaque d’éjection désalignée', 'Ejector plate misaligned', 'machine'],
          [
            'over_packing',
            'Effort d’éjection excessif (sur-compactage)',
            'Excess ejection force (over-packing)',
            'method',
          ],
        ),
      ),
      comp(
        'parting_line',
        'Plan de joint',
        'Parting line',
        modes(
          ['local_wear', 'Usure ou dommage local', 'Local wear or damage', 'machine'],
          ['foreign_object', 'Écrasement par corps étranger', 'Crushed by a foreign object', 'manpower'],
        ),
      ),
      comp(
        'gate',
        'Seuil d’injection',
        'Gate',
        modes(
          ['worn', 'Seuil usé', 'Worn gate', 'machine'],
          ['early_freeze', 'Figeage prématuré', 'Early freeze', 'method'],
        ),
      ),
      ...(['a_gate', 'a_eof', 'b_gate', 'b_eof'] as const).map((s) =>
        comp(
          `cavity_sensor_${s}`,
          `Capteur de pression empreinte ${s.replace('_', ' ').toUpperCase()}`,
          `Cavity-pressure sensor ${s.replace('_', ' ').toUpperCase()}`,
          CAVITY_SENSOR,
        ),
      ),
      comp(
        'charge_amplifier',
        'Amplificateur de charge / câble capteur',
        'Charge amplifier / sensor cable',
        modes(
          ['reset_failed', 'Remise à zéro défaillante', 'Failed reset / operate signal', 'measurement'],
          ['cable_damaged', 'Câble ou connecteur endommagé', 'Damaged cable or connector', 'measurement'],
          ['range_misset', 'Gamme mal réglée', 'Range mis-set', 'measurement'],
        ),
      ),
      comp(
        'mould_surface',
        'Surface d’empreinte',
        'Cavity surface',
        modes(
          [
            'condensation',
            'Condensation (sous le point de rosée)',
            'Condensation (below dew point)',
            'environment',
          ],
          ['deposits', 'Dépôts', 'Deposits', 'machine'],
        ),
      ),
      comp('mould_temperature', 'Température de moule (consigne)', 'Mould temperature (set point)', SETPOINT),
    ],
  },
  ...(
    [
      ['tcu_fixed', 'Thermorégulateur partie fixe', 'TCU fixed half'],
      ['tcu_moving', 'Thermorégulateur partie mobile', 'TCU moving half'],
    ] as const
  ).map(
    ([id, fr, en]): EquipmentNode => ({
      id,
      label: { fr, en },
      components: [
        comp('pump', 'Pompe', 'Pump', TCU_PUMP),
        comp('heater', 'Chauffe', 'Heater', TCU_HEATER),
        comp('cooling_valve', 'Électrovanne de refroidissement', 'Cooling valve', TCU_VALVE),
        comp(
          'water',
          'Eau / niveau',
          'Water / level',
          modes(
            ['low_level', 'Niveau d’eau bas', 'Low water level', 'machine'],
            [
              'plant_water_failure',
              'Défaut eau de refroidissement usine',
              'Plant cooling-water failure',
              'environment',
            ],
          ),
        ),
        comp('setpoint', 'Consigne', 'Set point', SETPOINT),
        comp('supply_sensor', 'Sonde de départ', 'Supply sensor', THERMOCOUPLE),
      ],
    }),
  ),
  {
    id: 'hot_runner',
    label: { fr: 'Canal chaud', en: 'Hot runner' },
    components: [
      comp('drop_a_heater', 'Chauffe buse A', 'Drop A heater', HEATER),
      comp('drop_b_heater', 'Chauffe buse B', 'Drop B heater', HEATER),
      comp('manifold_heater', 'Chauffe du bloc', 'Manifold heater', HEATER),
      comp('drop_a_tc', 'Thermocouple buse A', 'Drop A thermocouple', THERMOCOUPLE),
      comp('drop_b_tc', 'Thermocouple buse B', 'Drop B thermocouple', THERMOCOUPLE),
      comp('manifold_tc', 'Thermocouple du bloc', 'Manifold thermocouple', THERMOCOUPLE),
    ],
  },
  {
    id: 'dryer',
    label: { fr: 'Dessiccateur', en: 'Dryer' },
    components: [
      comp(
        'regen_heater',
        'Chauffe de régénération',
        'Regeneration heater',
        modes(['failed', 'En panne', 'Failed', 'machine']),
      ),
      comp(
        'desiccant',
        'Tamis dessiccant',
        'Desiccant',
        modes(
          ['saturated', 'Saturé', 'Saturated', 'machine'],
          ['contaminated', 'Contaminé', 'Contaminated', 'machine'],
        ),
      ),
      comp(
        'process_heater',
        'Chauffe process',
        'Process heater',
        modes([
          'failed',
          'En panne (température de séchage basse)',
          'Failed (drying temperature low)',
          'machine',
        ]),
      ),
      comp(
        'dryer_filter',
        'Filtre',
        'Filter',
        modes(['clogged', 'Colmaté (débit d’air faible)', 'Clogged (low airflow)', 'machine']),
      ),
      comp(
        'regen_valve',
        'Vanne de régénération',
        'Regeneration valve',
        modes(['stuck', 'Bloquée', 'Stuck', 'machine']),
      ),
      comp(
        'hopper_seal',
        'Trémie, couvercle et joint de chargeur',
        'Hopper lid and loader gasket',
        modes(
          ['lid_open', 'Couvercle ouvert', 'Lid open', 'manpower'],
          ['gasket_leak', 'Joint qui fuit (air ambiant)', 'Leaking gasket (ambient air)', 'machine'],
        ),
      ),
      comp('drying_settings', 'Paramètres de séchage', 'Drying settings', SETPOINT),
    ],
  },
  {
    id: 'material',
    label: { fr: 'Matière', en: 'Material' },
    components: [
      comp(
        'lot',
        'Lot matière',
        'Material lot',
        modes(
          ['mfi_high', 'Indice de fluidité haut', 'Melt flow index high', 'material'],
          ['mfi_low', 'Indice de fluidité bas', 'Melt flow index low', 'material'],
          ['wrong_grade', 'Mauvaise nuance chargée', 'Wrong grade loaded', 'manpower'],
          ['contaminated', 'Contaminé', 'Contaminated', 'material'],
        ),
      ),
      comp(
        'resin_moisture',
        'Humidité de la résine',
        'Resin moisture',
        modes(
          ['wet', 'Matière humide', 'Wet material', 'material'],
          ['bags_open', 'Sacs laissés ouverts', 'Bags left open', 'manpower'],
          ['over_dried', 'Sur-séchage (jaunissement)', 'Over-dried (yellowing)', 'method'],
        ),
      ),
      comp(
        'regrind',
        'Broyé',
        'Regrind',
        modes(
          ['ratio_high', 'Taux trop élevé', 'Ratio too high', 'method'],
          ['ratio_zero', 'Bac de broyé vide', 'Regrind bin empty', 'material'],
          ['not_dried', 'Non séché', 'Not dried', 'method'],
          ['fines', 'Fines (grille de broyeur usée)', 'Fines (worn granulator screen)', 'material'],
        ),
      ),
      comp(
        'masterbatch',
        'Mélange maître (colorant)',
        'Masterbatch',
        modes(['ratio_wrong', 'Dosage incorrect', 'Wrong ratio', 'method']),
      ),
      comp(
        'degradation',
        'Dégradation thermique',
        'Thermal degradation',
        modes(
          ['overheated', 'Matière surchauffée', 'Overheated melt', 'method'],
          ['residence_long', 'Temps de séjour trop long', 'Residence time too long', 'method'],
        ),
      ),
    ],
  },
  {
    id: 'feeding',
    label: { fr: 'Alimentation et mélangeur', en: 'Feeding and blender' },
    components: [
      comp(
        'blender_ratio',
        'Consigne du mélangeur',
        'Blender ratio',
        modes(
          ['changed', 'Consigne modifiée', 'Set point changed', 'manpower'],
          ['drift', 'Dérive du dosage', 'Dosing drift', 'machine'],
        ),
      ),
      comp(
        'granulator_screen',
        'Grille du broyeur',
        'Granulator screen',
        modes(['worn', 'Grille usée', 'Worn screen', 'machine']),
      ),
      comp(
        'loader',
        'Chargeur',
        'Loader',
        modes(
          ['filter_blocked', 'Filtre de chargeur bouché', 'Loader filter blocked', 'machine'],
          ['pump_fault', 'Pompe à vide en défaut', 'Vacuum pump fault', 'machine'],
        ),
      ),
      comp(
        'hopper',
        'Trémie',
        'Hopper',
        modes(
          ['empty', 'Trémie vide (approvisionnement)', 'Hopper empty (supply)', 'method'],
          ['bridging', 'Voûtage', 'Bridging', 'material'],
        ),
      ),
    ],
  },
  {
    id: 'robot',
    label: { fr: 'Robot de déchargement', en: 'Take-out robot' },
    components: [
      comp(
        'suction_cup',
        'Ventouse',
        'Suction cup',
        modes(['torn', 'Déchirée', 'Torn', 'machine'], ['worn', 'Usée', 'Worn', 'machine']),
      ),
      comp('vacuum_hose', 'Flexible de vide', 'Vacuum hose', modes(['leak', 'Fuite', 'Leak', 'machine'])),
      comp(
        'venturi',
        'Venturi / silencieux',
        'Venturi / silencer',
        modes(['clogged', 'Colmaté', 'Clogged', 'machine']),
      ),
      comp(
        'vacuum_switch',
        'Vacuostat',
        'Vacuum switch',
        modes(['drift', 'Seuil dérivé', 'Threshold drift', 'measurement']),
      ),
      comp(
        'air_supply',
        'Alimentation en air comprimé',
        'Compressed-air supply',
        modes(['pressure_drop', 'Chute de pression réseau', 'Plant pressure drop', 'environment']),
      ),
      comp(
        'eoat',
        'Préhenseur (EOAT)',
        'End-of-arm tooling',
        modes(
          ['shifted', 'Décalé (après choc)', 'Shifted (after a collision)', 'machine'],
          ['damaged', 'Endommagé', 'Damaged', 'machine'],
        ),
      ),
      comp(
        'robot_program',
        'Programme / points appris',
        'Program / taught points',
        modes(
          [
            'point_retaught',
            'Point réappris sans validation',
            'Point re-taught without validation',
            'manpower',
          ],
          ['tcp_wrong', 'Repère outil (TCP) erroné', 'Wrong TCP frame', 'method'],
          ['reference_lost', 'Perte de référence codeur', 'Encoder reference lost', 'machine'],
        ),
      ),
    ],
  },
  {
    id: 'vision',
    label: { fr: 'Contrôle par vision', en: 'Vision inspection' },
    components: [
      comp(
        'lighting',
        'Éclairage',
        'Lighting',
        modes(
          ['led_ageing', 'Vieillissement des LED', 'LED ageing', 'machine'],
          ['ambient_leak', 'Lumière parasite', 'Ambient light leak', 'environment'],
        ),
      ),
      comp(
        'optics',
        'Optique / diffuseur',
        'Optics / diffuser',
        modes(['dirty', 'Encrassé', 'Dirty', 'environment']),
      ),
      comp(
        'calibration',
        'Étalonnage (mm/pixel, zone d’intérêt)',
        'Calibration (mm/pixel, ROI)',
        modes(
          ['scale_drift', 'Échelle dérivée', 'Scale drift', 'measurement'],
          ['camera_bumped', 'Caméra déplacée', 'Camera bumped', 'manpower'],
        ),
      ),
      comp(
        'thresholds',
        'Seuils de décision',
        'Decision thresholds',
        modes(['misset', 'Mal réglés', 'Mis-set', 'method']),
      ),
    ],
  },
  {
    id: 'conveyor',
    label: { fr: 'Convoyeur', en: 'Conveyor' },
    components: [
      comp(
        'belt',
        'Bande / guides',
        'Belt / guides',
        modes(
          ['jam', 'Bourrage', 'Jam', 'machine'],
          ['tracking', 'Déport de bande', 'Belt tracking', 'machine'],
          ['foreign_object', 'Corps étranger', 'Foreign object', 'manpower'],
        ),
      ),
      comp(
        'drive',
        'Motorisation',
        'Drive',
        modes(['overload', 'Surcharge / disjonction', 'Overload / trip', 'machine']),
      ),
      comp(
        'photo_eye',
        'Cellule de fin de convoyeur',
        'End photo-eye',
        modes(
          ['blocked', 'Occultée', 'Blocked', 'machine'],
          ['misaligned', 'Désalignée', 'Misaligned', 'measurement'],
        ),
      ),
    ],
  },
  {
    id: 'energy',
    label: { fr: 'Énergie', en: 'Energy' },
    components: [
      comp(
        'consumption',
        'Consommation',
        'Consumption',
        modes(
          [
            'idle_heating',
            'Chauffes et groupe en marche pendant les arrêts',
            'Heaters and pump on during stops',
            'method',
          ],
          [
            'setpoints_raised',
            'Consignes relevées sans besoin',
            'Set points raised without need',
            'manpower',
          ],
          ['inrush_peak', 'Pic d’appel (démarrage simultané)', 'Inrush peak (simultaneous start)', 'method'],
        ),
      ),
      comp(
        'supply',
        'Alimentation électrique',
        'Power supply',
        modes(['voltage_sag', 'Creux de tension', 'Voltage sag', 'environment']),
      ),
    ],
  },
  {
    id: 'data',
    label: { fr: 'Données et communication', en: 'Data and communication' },
    components: [
      comp('modbus_link', 'Liaison Modbus TCP', 'Modbus TCP link', COMM),
      comp('opcua_link', 'Liaison OPC UA', 'OPC UA link', COMM),
      comp('mqtt_link', 'Liaison MQTT', 'MQTT link', COMM),
      comp(
        'historian',
        'Historien',
        'Historian',
        modes(['gap', 'Trou de données', 'Data gap', 'measurement']),
      ),
    ],
  },
  {
    id: 'cyber',
    label: { fr: 'Cybersécurité', en: 'Cyber security' },
    components: [
      comp(
        'access',
        'Accès et comptes',
        'Access and accounts',
        modes(
          ['shared_credentials', 'Identifiants partagés', 'Shared credentials', 'manpower'],
          ['anonymous_endpoint', 'Accès anonyme ouvert', 'Anonymous endpoint open', 'method'],
          ['unknown_client', 'Client inconnu sur le réseau', 'Unknown client on the network', 'environment'],
        ),
      ),
      comp(
        'dataset',
        'Jeu de paramètres',
        'Parameter dataset',
        modes(
          ['unauthorised_write', 'Écriture non autorisée', 'Unauthorised write', 'manpower'],
          [
            'not_validated',
            'Jeu actif différent du jeu validé',
            'Active dataset differs from validated',
            'method',
          ],
        ),
      ),
    ],
  },
  {
    id: 'environment',
    label: { fr: 'Environnement de l’atelier', en: 'Shop-floor environment' },
    components: [
      comp(
        'ambient',
        'Ambiance',
        'Ambient air',
        modes(
          ['humidity_high', 'Humidité élevée (point de rosée)', 'High humidity (dew point)', 'environment'],
          ['temperature_high', 'Température élevée', 'High temperature', 'environment'],
        ),
      ),
      comp(
        'plant_water',
        'Eau de refroidissement usine',
        'Plant cooling water',
        modes(
          ['supply_failure', 'Défaut d’alimentation', 'Supply failure', 'environment'],
          ['temperature_high', 'Eau trop chaude', 'Water too warm', 'environment'],
        ),
      ),
    ],
  },
  {
    id: 'organisation',
    label: { fr: 'Organisation et méthodes', en: 'Organisation and methods' },
    components: [
      comp(
        'procedure',
        'Mode opératoire',
        'Operating procedure',
        modes(
          ['not_followed', 'Non respecté', 'Not followed', 'manpower'],
          ['missing', 'Absent ou incomplet', 'Missing or incomplete', 'method'],
        ),
      ),
      comp(
        'maintenance_plan',
        'Plan de maintenance',
        'Maintenance plan',
        modes(['missing', 'Maintenance préventive absente', 'No preventive maintenance', 'method']),
      ),
      comp(
        'training',
        'Formation',
        'Training',
        modes(['insufficient', 'Formation insuffisante', 'Insufficient training', 'manpower']),
      ),
    ],
  },
];

/** Look up a failure mode; undefined when the path does not exist. */
export function findFailureMode(
  equipment: string,
  component: string,
  mode: string,
): { equipment: EquipmentNode; component: Component; mode: FailureMode } | undefined {
  const eq = TAXONOMY.find((e) => e.id === equipment);
  const c = eq?.components.find((x) => x.id === component);
  const m = c?.modes.find((x) => x.id === mode);
  return eq && c && m ? { equipment: eq, component: c, mode: m } : undefined;
}
