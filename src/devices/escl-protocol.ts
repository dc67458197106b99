import { XMLParser } from 'fast-xml-parser';
import { create } from 'xmlbuilder2';

/**
 * The eSCL (AirScan, Mopria) documents as data: ScannerCapabilities, ScannerStatus and
 * ScanSettings, parsed and rendered without I/O, so the client (escl-scanner.ts) and the loopback
 * server (testing/escl-server.ts) speak the same, tested XML. Lengths are in the protocol's unit,
 * 1/300 inch; namespaces are matched by local name, as devices differ in their prefixes.
 */

export const esclNamespaces = {
  pwg: 'http://www.pwg.org/schemas/2010/12/sm',
  scan: 'http://schemas.hp.com/imaging/escl/2011/05/03',
} as const;

export type EsclInputSource = 'Platen' | 'Feeder';
export type EsclColorMode = 'RGB24' | 'Grayscale8' | 'BlackAndWhite1';
export type EsclDocumentFormat = 'image/png' | 'image/jpeg' | 'application/pdf';

export interface EsclInputCaps {
  minWidth: number;
  maxWidth: number;
  minHeight: number;
  maxHeight: number;
  colorModes: string[];
  documentFormats: string[];
  /** Discrete resolutions in dpi (X = Y); empty when the device gives a range instead. */
  resolutions: number[];
  resolutionRange?: { min: number; max: number; step: number };
}

export interface EsclCapabilities {
  version: string;
  makeAndModel: string;
  serialNumber?: string;
  uuid?: string;
  platen?: EsclInputCaps;
  adf?: EsclInputCaps & { feederCapacity?: number };
}

export interface EsclJobInfo {
  uri: string;
  state: string;
  reasons: string[];
  imagesCompleted?: number;
}

export interface EsclStatus {
  /** Idle, Processing, Testing, Stopped or Down (PWG 5108.01). */
  state: string;
  /** ScannerAdfLoaded, ScannerAdfEmpty, ScannerAdfJam, ScannerAdfDoorOpen, … when the device has a feeder. */
  adfState?: string;
  jobs: EsclJobInfo[];
}

export interface EsclScanSettings {
  version: string;
  intent?: string;
  inputSource: EsclInputSource;
  colorMode: string;
  xResolution: number;
  yResolution: number;
  documentFormat: string;
  region: { width: number; height: number; xOffset: number; yOffset: number };
}

/** Elements that may repeat; fast-xml-parser otherwise gives a single child as an object, not a list. */
const repeated = new Set(['ColorMode', 'DocumentFormat', 'DocumentFormatExt', 'DiscreteResolution', 'SettingProfile', 'JobInfo', 'JobStateReason', 'ScanRegion']);

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  processEntities: true,
  isArray: (name) => repeated.has(name),
});

type Node = Record<string, unknown>;

export class EsclFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EsclFormatError';
  }
}

function parseRoot(xml: string, root: string): Node {
  let document: unknown;
  try {
    document = parser.parse(xml, true);
  } catch (error) {
    throw new EsclFormatError(`not well-formed XML (${error instanceof Error ? error.message : String(error)})`);
  }
  const node = isNode(document) ? document[root] : undefined;
  if (node === '') return {}; // an empty element
  if (!isNode(node)) throw new EsclFormatError(`expected a ${root} document`);
  return node;
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function child(node: Node | undefined, name: string): Node | undefined {
  const value = node?.[name];
  if (Array.isArray(value)) return isNode(value[0]) ? value[0] : undefined;
  return isNode(value) ? value : undefined;
}

function children(node: Node | undefined, name: string): Node[] {
  const value = node?.[name];
  if (Array.isArray(value)) return value.filter(isNode);
  return isNode(value) ? [value] : [];
}

function text(node: Node | undefined, name: string): string | undefined {
  const value = node?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  if (typeof first === 'string') return first;
  if (typeof first === 'number') return String(first);
  return undefined;
}

function texts(node: Node | undefined, name: string): string[] {
  const value = node?.[name];
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.filter((v): v is string => typeof v === 'string');
}

function integer(node: Node | undefined, name: string): number | undefined {
  const value = text(node, name);
  if (value === undefined || !/^-?\d+$/.test(value)) return undefined;
  return Number(value);
}

function parseInputCaps(node: Node | undefined): EsclInputCaps | undefined {
  if (!node) return undefined;
  const profiles = children(child(node, 'SettingProfiles'), 'SettingProfile');
  const colorModes = new Set<string>();
  const documentFormats = new Set<string>();
  const resolutions = new Set<number>();
  let resolutionRange: EsclInputCaps['resolutionRange'];
  for (const profile of profiles) {
    for (const mode of texts(child(profile, 'ColorModes'), 'ColorMode')) colorModes.add(mode);
    const formats = child(profile, 'DocumentFormats');
    // DocumentFormatExt is the eSCL 2.x name, DocumentFormat the PWG one; devices send either or both.
    for (const format of [...texts(formats, 'DocumentFormat'), ...texts(formats, 'DocumentFormatExt')]) documentFormats.add(format);
    const supported = child(profile, 'SupportedResolutions');
    for (const discrete of children(child(supported, 'DiscreteResolutions'), 'DiscreteResolution')) {
      const x = integer(discrete, 'XResolution');
      const y = integer(discrete, 'YResolution');
      if (x !== undefined && x === (y ?? x)) resolutions.add(x);
    }
    const range = child(child(supported, 'ResolutionRange'), 'XResolutionRange');
    const min = integer(range, 'Min');
    const max = integer(range, 'Max');
    if (min !== undefined && max !== undefined) resolutionRange = { min, max, step: Math.max(1, integer(range, 'Step') ?? 1) };
  }
  const caps: EsclInputCaps = {
    minWidth: integer(node, 'MinWidth') ?? 0,
    maxWidth: integer(node, 'MaxWidth') ?? 0,
    minHeight: integer(node, 'MinHeight') ?? 0,
    maxHeight: integer(node, 'MaxHeight') ?? 0,
    colorModes: [...colorModes],
    documentFormats: [...documentFormats],
    resolutions: [...resolutions].sort((a, b) => a - b),
  };
  if (resolutionRange) caps.resolutionRange = resolutionRange;
  return caps;
}

export function parseCapabilities(xml: string): EsclCapabilities {
  const root = parseRoot(xml, 'ScannerCapabilities');
  const capabilities: EsclCapabilities = {
    version: text(root, 'Version') ?? '2.0',
    makeAndModel: text(root, 'MakeAndModel') ?? 'eSCL scanner',
  };
  const serialNumber = text(root, 'SerialNumber');
  if (serialNumber) capabilities.serialNumber = serialNumber;
  const uuid = text(root, 'UUID');
  if (uuid) capabilities.uuid = uuid;
  const platen = parseInputCaps(child(child(root, 'Platen'), 'PlatenInputCaps'));
  if (platen) capabilities.platen = platen;
  const adfNode = child(root, 'Adf');
  const adf = parseInputCaps(child(adfNode, 'AdfSimplexInputCaps'));
  if (adf) {
    const feederCapacity = integer(adfNode, 'FeederCapacity');
    capabilities.adf = feederCapacity === undefined ? adf : { ...adf, feederCapacity };
  }
  if (!capabilities.platen && !capabilities.adf) throw new EsclFormatError('the capabilities name neither a platen nor a feeder');
  return capabilities;
}

export function parseStatus(xml: string): EsclStatus {
  const root = parseRoot(xml, 'ScannerStatus');
  const state = text(root, 'State');
  if (!state) throw new EsclFormatError('the status has no State');
  const status: EsclStatus = {
    state,
    jobs: children(child(root, 'Jobs'), 'JobInfo').map((job) => {
      const info: EsclJobInfo = {
        uri: text(job, 'JobUri') ?? '',
        state: text(job, 'JobState') ?? '',
        reasons: texts(child(job, 'JobStateReasons'), 'JobStateReason'),
      };
      const completed = integer(job, 'ImagesCompleted');
      if (completed !== undefined) info.imagesCompleted = completed;
      return info;
    }),
  };
  const adfState = text(root, 'AdfState');
  if (adfState) status.adfState = adfState;
  return status;
}

export function parseScanSettings(xml: string): EsclScanSettings {
  const root = parseRoot(xml, 'ScanSettings');
  const region = child(child(root, 'ScanRegions'), 'ScanRegion');
  const xResolution = integer(root, 'XResolution');
  const inputSource = text(root, 'InputSource') ?? 'Platen';
  if (inputSource !== 'Platen' && inputSource !== 'Feeder') throw new EsclFormatError(`unknown InputSource ${inputSource}`);
  if (xResolution === undefined) throw new EsclFormatError('the settings have no XResolution');
  const settings: EsclScanSettings = {
    version: text(root, 'Version') ?? '2.0',
    inputSource,
    colorMode: text(root, 'ColorMode') ?? 'RGB24',
    xResolution,
    yResolution: integer(root, 'YResolution') ?? xResolution,
    documentFormat: text(root, 'DocumentFormatExt') ?? text(root, 'DocumentFormat') ?? 'image/jpeg',
    region: {
      width: integer(region, 'Width') ?? 2480,
      height: integer(region, 'Height') ?? 3508,
      xOffset: integer(region, 'XOffset') ?? 0,
      yOffset: integer(region, 'YOffset') ?? 0,
    },
  };
  const intent = text(root, 'Intent');
  if (intent) settings.intent = intent;
  return settings;
}

export function renderScanSettings(settings: EsclScanSettings): string {
  const doc = create({ version: '1.0', encoding: 'UTF-8' })
    .ele(esclNamespaces.scan, 'scan:ScanSettings').att('xmlns:pwg', esclNamespaces.pwg);
  doc.ele(esclNamespaces.pwg, 'pwg:Version').txt(settings.version);
  if (settings.intent) doc.ele(esclNamespaces.scan, 'scan:Intent').txt(settings.intent);
  const region = doc.ele(esclNamespaces.pwg, 'pwg:ScanRegions').ele(esclNamespaces.pwg, 'pwg:ScanRegion');
  region.ele(esclNamespaces.pwg, 'pwg:Height').txt(String(settings.region.height));
  region.ele(esclNamespaces.pwg, 'pwg:ContentRegionUnits').txt('escl:ThreeHundredthsOfInches');
  region.ele(esclNamespaces.pwg, 'pwg:Width').txt(String(settings.region.width));
  region.ele(esclNamespaces.pwg, 'pwg:XOffset').txt(String(settings.region.xOffset));
  region.ele(esclNamespaces.pwg, 'pwg:YOffset').txt(String(settings.region.yOffset));
  doc.ele(esclNamespaces.pwg, 'pwg:InputSource').txt(settings.inputSource);
  doc.ele(esclNamespaces.scan, 'scan:ColorMode').txt(settings.colorMode);
  doc.ele(esclNamespaces.scan, 'scan:XResolution').txt(String(settings.xResolution));
  doc.ele(esclNamespaces.scan, 'scan:YResolution').txt(String(settings.yResolution));
  doc.ele(esclNamespaces.pwg, 'pwg:DocumentFormat').txt(settings.documentFormat);
  doc.ele(esclNamespaces.scan, 'scan:DocumentFormatExt').txt(settings.documentFormat);
  // Simplex only; some feeders scan both sides unless told otherwise.
  if (settings.inputSource === 'Feeder') doc.ele(esclNamespaces.scan, 'scan:Duplex').txt('false');
  return doc.end({ prettyPrint: true });
}

function renderInputCaps(parent: ReturnType<typeof create>, name: string, caps: EsclInputCaps): void {
  const node = parent.ele(esclNamespaces.scan, `scan:${name}`);
  node.ele(esclNamespaces.scan, 'scan:MinWidth').txt(String(caps.minWidth));
  node.ele(esclNamespaces.scan, 'scan:MaxWidth').txt(String(caps.maxWidth));
  node.ele(esclNamespaces.scan, 'scan:MinHeight').txt(String(caps.minHeight));
  node.ele(esclNamespaces.scan, 'scan:MaxHeight').txt(String(caps.maxHeight));
  node.ele(esclNamespaces.scan, 'scan:MaxScanRegions').txt('1');
  const profile = node.ele(esclNamespaces.scan, 'scan:SettingProfiles').ele(esclNamespaces.scan, 'scan:SettingProfile');
  const modes = profile.ele(esclNamespaces.scan, 'scan:ColorModes');
  for (const mode of caps.colorModes) modes.ele(esclNamespaces.scan, 'scan:ColorMode').txt(mode);
  const formats = profile.ele(esclNamespaces.scan, 'scan:DocumentFormats');
  for (const format of caps.documentFormats) {
    formats.ele(esclNamespaces.pwg, 'pwg:DocumentFormat').txt(format);
    formats.ele(esclNamespaces.scan, 'scan:DocumentFormatExt').txt(format);
  }
  const supported = profile.ele(esclNamespaces.scan, 'scan:SupportedResolutions');
  if (caps.resolutions.length > 0) {
    const discrete = supported.ele(esclNamespaces.scan, 'scan:DiscreteResolutions');
    for (const dpi of caps.resolutions) {
      const resolution = discrete.ele(esclNamespaces.scan, 'scan:DiscreteResolution');
      resolution.ele(esclNamespaces.scan, 'scan:XResolution').txt(String(dpi));
      resolution.ele(esclNamespaces.scan, 'scan:YResolution').txt(String(dpi));
    }
  }
  if (caps.resolutionRange) {
    const range = supported.ele(esclNamespaces.scan, 'scan:ResolutionRange');
    for (const axis of ['XResolutionRange', 'YResolutionRange']) {
      const r = range.ele(esclNamespaces.scan, `scan:${axis}`);
      r.ele(esclNamespaces.scan, 'scan:Min').txt(String(caps.resolutionRange.min));
      r.ele(esclNamespaces.scan, 'scan:Max').txt(String(caps.resolutionRange.max));
      r.ele(esclNamespaces.scan, 'scan:Step').txt(String(caps.resolutionRange.step));
    }
  }
}

export function renderCapabilities(capabilities: EsclCapabilities): string {
  const doc = create({ version: '1.0', encoding: 'UTF-8' })
    .ele(esclNamespaces.scan, 'scan:ScannerCapabilities').att('xmlns:pwg', esclNamespaces.pwg);
  doc.ele(esclNamespaces.pwg, 'pwg:Version').txt(capabilities.version);
  doc.ele(esclNamespaces.pwg, 'pwg:MakeAndModel').txt(capabilities.makeAndModel);
  if (capabilities.serialNumber) doc.ele(esclNamespaces.pwg, 'pwg:SerialNumber').txt(capabilities.serialNumber);
  if (capabilities.uuid) doc.ele(esclNamespaces.scan, 'scan:UUID').txt(capabilities.uuid);
  if (capabilities.platen) renderInputCaps(doc.ele(esclNamespaces.scan, 'scan:Platen'), 'PlatenInputCaps', capabilities.platen);
  if (capabilities.adf) {
    const adf = doc.ele(esclNamespaces.scan, 'scan:Adf');
    renderInputCaps(adf, 'AdfSimplexInputCaps', capabilities.adf);
    if (capabilities.adf.feederCapacity !== undefined) adf.ele(esclNamespaces.scan, 'scan:FeederCapacity').txt(String(capabilities.adf.feederCapacity));
  }
  return doc.end({ prettyPrint: true });
}

export function renderStatus(status: EsclStatus): string {
  const doc = create({ version: '1.0', encoding: 'UTF-8' })
    .ele(esclNamespaces.scan, 'scan:ScannerStatus').att('xmlns:pwg', esclNamespaces.pwg);
  doc.ele(esclNamespaces.pwg, 'pwg:Version').txt('2.0');
  doc.ele(esclNamespaces.pwg, 'pwg:State').txt(status.state);
  if (status.adfState) doc.ele(esclNamespaces.scan, 'scan:AdfState').txt(status.adfState);
  if (status.jobs.length > 0) {
    const jobs = doc.ele(esclNamespaces.scan, 'scan:Jobs');
    for (const job of status.jobs) {
      const info = jobs.ele(esclNamespaces.scan, 'scan:JobInfo');
      info.ele(esclNamespaces.pwg, 'pwg:JobUri').txt(job.uri);
      if (job.imagesCompleted !== undefined) info.ele(esclNamespaces.pwg, 'pwg:ImagesCompleted').txt(String(job.imagesCompleted));
      info.ele(esclNamespaces.pwg, 'pwg:JobState').txt(job.state);
      const reasons = info.ele(esclNamespaces.pwg, 'pwg:JobStateReasons');
      for (const reason of job.reasons) reasons.ele(esclNamespaces.pwg, 'pwg:JobStateReason').txt(reason);
    }
  }
  return doc.end({ prettyPrint: true });
}

/** Whether a resolution is one the input offers, discrete or within its range. */
export function supportsResolution(caps: EsclInputCaps, dpi: number): boolean {
  if (caps.resolutions.includes(dpi)) return true;
  const range = caps.resolutionRange;
  return range !== undefined && dpi >= range.min && dpi <= range.max && (dpi - range.min) % range.step === 0;
}

/** The resolutions an officer can choose from, for messages. */
export function describeResolutions(caps: EsclInputCaps): string {
  const parts = caps.resolutions.map(String);
  if (caps.resolutionRange) parts.push(`${caps.resolutionRange.min}–${caps.resolutionRange.max}`);
  return parts.join(', ');
}
