import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import type { Config, FaceResult, Human } from '@vladmandic/human';
import { AppError } from '../platform/errors.ts';
import type { DetectedFace, RgbaImage } from './photo-analysis.ts';

/**
 * The face model on the kit: @vladmandic/human (BlazeFace, face mesh, iris) on the tfjs WASM
 * backend, every file from node_modules and nothing from the network (DESIGN §4): the WASM
 * binaries by absolute path, the model weights through a tfjs load router that reads them from
 * disk, and while the models load, `fetch` refuses http(s) so a misconfigured path fails loudly
 * instead of reaching a CDN.
 */
export interface FaceDetector {
  /** Every face in the still, with mesh and head rotation (radians), in the still's pixels. */
  detect(image: RgbaImage): Promise<DetectedFace[]>;
  /** Which tfjs backend runs the model ('wasm'). */
  readonly backend: string;
}

export interface FaceDetectorOptions {
  /** Folder with the model JSON and weights; default: the models human ships. */
  modelsDir?: string;
  /** Overrides the models' base URL (tests use an https URL to show the network is refused). */
  modelBaseUrl?: string;
  /** Most faces reported (more than one fails the pre-check anyway). */
  maxFaces?: number;
  /**
   * Longest side handed to the model; larger stills are averaged down by a whole factor first and
   * the results scaled back. The model looks at 256 px (face box) and 192 px (mesh) crops anyway;
   * a 12-megapixel tensor would only cost memory and time on the kit.
   */
  maxSide?: number;
}

const require = createRequire(import.meta.url);

function humanPaths() {
  // human's package.json "exports" names only its main entries; the WASM build is loaded by path.
  const dist = path.dirname(require.resolve('@vladmandic/human'));
  const wasm = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
  return {
    library: path.join(dist, 'human.node-wasm.js'),
    models: path.join(dist, '..', 'models'),
    wasm: wasm.endsWith(`${path.sep}dist`) ? wasm : path.join(wasm, 'dist'),
  };
}

/** Only the models the pre-check needs: face box, mesh (with the head angles) and iris. */
function humanConfig(wasmDir: string, modelBase: string, maxFaces: number): Partial<Config> {
  return {
    backend: 'wasm',
    wasmPath: wasmDir.endsWith(path.sep) ? wasmDir : wasmDir + path.sep,
    wasmPlatformFetch: false,
    modelBasePath: modelBase,
    cacheModels: false,
    // Stills: never reuse a previous frame's result.
    cacheSensitivity: 0,
    skipAllowed: false,
    warmup: 'none',
    debug: false,
    async: false,
    filter: { enabled: false },
    face: {
      enabled: true,
      detector: { rotation: true, maxDetected: maxFaces, minConfidence: 0.5, skipFrames: 0, skipTime: 0 },
      mesh: { enabled: true },
      iris: { enabled: true },
      attention: { enabled: false },
      emotion: { enabled: false },
      description: { enabled: false },
      antispoof: { enabled: false },
      liveness: { enabled: false },
    },
    body: { enabled: false },
    hand: { enabled: false },
    object: { enabled: false },
    gesture: { enabled: false },
    segmentation: { enabled: false },
  } as Partial<Config>;
}

interface TfIo {
  registerLoadRouter(router: (url: string | string[]) => unknown): void;
  getModelArtifactsForJSON(json: unknown, loadWeights: (manifest: WeightsGroup[]) => Promise<[unknown, ArrayBuffer]>): Promise<unknown>;
  getWeightSpecs(manifest: WeightsGroup[]): unknown;
}
interface WeightsGroup { paths: string[] }

const registeredRoots = new Set<string>();

/** A tfjs load router for file:// URLs under `root`: model JSON and weight shards read from disk. */
function registerDiskModels(io: TfIo, root: string) {
  if (registeredRoots.has(root)) return;
  registeredRoots.add(root);
  io.registerLoadRouter((url) => {
    if (typeof url !== 'string' || !url.startsWith('file://')) return null;
    const file = fileURLToPath(url);
    if (!file.startsWith(root + path.sep)) return null;
    return {
      load: async () => {
        const json: unknown = JSON.parse(await readFile(file, 'utf8'));
        return io.getModelArtifactsForJSON(json, async (manifest) => {
          const shards = await Promise.all(manifest.flatMap((group) => group.paths.map((p) => readFile(path.join(path.dirname(file), p)))));
          const weights = Buffer.concat(shards);
          return [io.getWeightSpecs(manifest), weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer];
        });
      },
    };
  });
}

/** Runs `work` with a global fetch that refuses http(s); human fetches models through the global. */
async function withoutNetwork<T>(refused: string[], work: () => Promise<T>): Promise<T> {
  const original = globalThis.fetch;
  globalThis.fetch = ((input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (/^https?:/i.test(url)) {
      refused.push(url);
      return Promise.reject(new AppError('NETWORK_REFUSED', `The face model tried to load ${url} from the network; the kit loads its models from disk only.`, 500));
    }
    return original(input, init);
  }) as typeof fetch;
  try {
    return await work();
  } finally {
    globalThis.fetch = original;
  }
}

let loading: Promise<unknown> = Promise.resolve();

/** Loads the model (about a second) and returns the detector. */
export async function createHumanFaceDetector(options: FaceDetectorOptions = {}): Promise<FaceDetector & { refusedUrls: readonly string[] }> {
  const paths = humanPaths();
  const modelsDir = path.resolve(options.modelsDir ?? paths.models);
  const modelBase = options.modelBaseUrl ?? `${pathToFileURL(modelsDir).href}/`;
  const { Human: HumanClass } = require(paths.library) as { Human: new (config: Partial<Config>) => Human };
  const human = new HumanClass(humanConfig(paths.wasm, modelBase, options.maxFaces ?? 5));
  registerDiskModels(human.tf.io as unknown as TfIo, modelsDir);
  const refused: string[] = [];
  // Loads share the global fetch guard: one at a time.
  const load = loading.then(() => withoutNetwork(refused, () => human.load()));
  loading = load.catch(() => undefined);
  await load;
  // human keeps a model object even when its load failed; only loaded weights count.
  const loaded = human.models.list().filter((model) => model.loaded && model.size > 0).map((model) => model.name);
  const missing = ['blazeface', 'facemesh', 'iris'].filter((name) => !loaded.includes(name));
  if (missing.length > 0) {
    throw new AppError('FACE_MODEL_MISSING',
      `The face model could not load ${missing.join(', ')} from ${modelBase}${refused.length > 0 ? ' (network access refused)' : ''}. Reinstall the kit (npm ci) so node_modules/@vladmandic/human/models is complete.`,
      500, { refused });
  }
  let queue: Promise<unknown> = Promise.resolve();
  const maxSide = options.maxSide ?? 1600;
  return {
    backend: human.tf.getBackend(),
    refusedUrls: refused,
    detect(image) {
      // The WASM backend runs one inference at a time; queue callers.
      const run = queue.then(async () => {
        const factor = Math.max(1, Math.ceil(Math.max(image.width, image.height) / maxSide));
        const { rgb, width, height } = shrinkToRgb(image, factor);
        const tensor = human.tf.tensor(rgb, [1, height, width, 3], 'int32');
        try {
          const result = await human.detect(tensor as Parameters<Human['detect']>[0]);
          if (result.error) throw new AppError('FACE_MODEL_FAILED', `The face model failed: ${result.error}`, 500);
          return result.face.map((face) => toDetectedFace(face, factor));
        } finally {
          human.tf.dispose(tensor);
        }
      });
      queue = run.catch(() => undefined);
      return run;
    },
  };
}

/** RGB as the model takes it, each channel the mean of a factor×factor block. */
function shrinkToRgb(image: RgbaImage, factor: number): { rgb: Int32Array; width: number; height: number } {
  const width = Math.floor(image.width / factor);
  const height = Math.floor(image.height / factor);
  const rgb = new Int32Array(width * height * 3);
  const area = factor * factor;
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let dy = 0; dy < factor; dy += 1) {
        let i = ((y * factor + dy) * image.width + x * factor) * 4;
        for (let dx = 0; dx < factor; dx += 1, i += 4) {
          r += image.data[i] ?? 0;
          g += image.data[i + 1] ?? 0;
          b += image.data[i + 2] ?? 0;
        }
      }
      const o = (y * width + x) * 3;
      rgb[o] = Math.round(r / area);
      rgb[o + 1] = Math.round(g / area);
      rgb[o + 2] = Math.round(b / area);
    }
  }
  return { rgb, width, height };
}

/** The face in the still's own pixels (the model saw it `factor` times smaller). */
function toDetectedFace(face: FaceResult, factor: number): DetectedFace {
  // The model's coordinates are continuous (0 … width), so scaling back is a plain multiple.
  const back = (v: number) => v * factor;
  return {
    box: [back(face.box[0]), back(face.box[1]), face.box[2] * factor, face.box[3] * factor],
    mesh: face.mesh.map((p) => [back(p[0]), back(p[1]), (p[2] ?? 0) * factor]),
    rotation: face.rotation ? { angle: { roll: face.rotation.angle.roll, yaw: face.rotation.angle.yaw, pitch: face.rotation.angle.pitch } } : null,
    score: face.score,
  };
}
