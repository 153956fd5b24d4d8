/**
 * The scene's light, defined once: the renderer's lights (for the few small Lambert-shaded instanced
 * parts) and the same light baked into the vertex colours of every merged body (drawn unlit). Baking is
 * what keeps software GL (SwiftShader, a classroom PC without a GPU driver) above 30 frames/s at
 * 1280×720: the per-pixel cost of an unlit vertex-coloured surface is a fraction of a lit one, and the
 * bodies only translate, so their lighting never changes. Same maths as three.js's Lambert model:
 * out = albedo · (hemisphere(n) + Σ max(0, n·l)·I) / π, in linear colour.
 */
import { Color, DirectionalLight, HemisphereLight, type Material, type Scene, Vector3 } from 'three';

export const HEMI = { sky: 0xf4f7fb, ground: 0x6b6f6a, intensity: 2.1 } as const;
export const SUNS: readonly {
  readonly dir: readonly [number, number, number];
  readonly intensity: number;
}[] = [
  { dir: [4, 9, 6], intensity: 1.6 },
  { dir: [-6, 4, -5], intensity: 0.5 },
];

const sky = new Color(HEMI.sky);
const ground = new Color(HEMI.ground);
const dirs = SUNS.map((s) => ({ l: new Vector3(...s.dir).normalize(), i: s.intensity }));

export function addLights(scene: Scene): void {
  scene.add(new HemisphereLight(HEMI.sky, HEMI.ground, HEMI.intensity));
  for (const s of SUNS) {
    const d = new DirectionalLight(0xffffff, s.intensity);
    d.position.set(...s.dir);
    scene.add(d);
  }
}

/** Irradiance factor per channel for a normal (already divided by π). */
export function irradiance(nx: number, ny: number, nz: number, out: [number, number, number]): void {
  const w = 0.5 * ny + 0.5;
  let r = (ground.r + (sky.r - ground.r) * w) * HEMI.intensity;
  let g = (ground.g + (sky.g - ground.g) * w) * HEMI.intensity;
  let b = (ground.b + (sky.b - ground.b) * w) * HEMI.intensity;
  for (const d of dirs) {
    const k = Math.max(0, nx * d.l.x + ny * d.l.y + nz * d.l.z) * d.i;
    r += k;
    g += k;
    b += k;
  }
  out[0] = r / Math.PI;
  out[1] = g / Math.PI;
  out[2] = b / Math.PI;
}

/** Linear → sRGB transfer (IEC 61966-2-1): the encoding baked into the vertex colours. */
export const srgb = (x: number): number => (x <= 0.0031308 ? 12.92 * x : 1.055 * x ** (1 / 2.4) - 0.055);

/**
 * The renderer writes its output as is (no per-pixel sRGB encoding, which is costly in software GL): the
 * baked bodies already hold sRGB colours; the few lit or instance-coloured materials encode their own
 * output, on their small share of the screen.
 */
export function encodeOwnOutput<M extends Material>(m: M): M {
  m.onBeforeCompile = (shader) => {
    shader.fragmentShader = shader.fragmentShader.replace(
      '#include <colorspace_fragment>',
      'gl_FragColor = sRGBTransferOETF( gl_FragColor );',
    );
  };
  return m;
}

/** The floor's colour as lit from above, sRGB: the scene's background is the floor (no floor plane). */
export function floorColor(albedo: number): number {
  const c = new Color().setHex(albedo);
  const e: [number, number, number] = [0, 0, 0];
  irradiance(0, 1, 0, e);
  const ch = (x: number, k: number) => Math.round(srgb(Math.min(1, x * k)) * 255);
  return (ch(c.r, e[0]) << 16) | (ch(c.g, e[1]) << 8) | ch(c.b, e[2]);
}
