import { describe, expect, it } from 'vitest';
import { EsclFormatError, parseCapabilities, parseScanSettings, parseStatus, renderScanSettings, supportsResolution } from './escl-protocol.ts';

/** Shaped like a real MFP's answer: other prefixes, DocumentFormatExt only, a resolution range, two profiles. */
const deviceCapabilities = `<?xml version="1.0" encoding="UTF-8"?>
<escl:ScannerCapabilities xmlns:escl="http://schemas.hp.com/imaging/escl/2011/05/03" xmlns:p="http://www.pwg.org/schemas/2010/12/sm">
  <p:Version>2.62</p:Version>
  <p:MakeAndModel>ACME MF 4410 &amp; Co</p:MakeAndModel>
  <p:SerialNumber>X123</p:SerialNumber>
  <escl:Platen><escl:PlatenInputCaps>
    <escl:MinWidth>1</escl:MinWidth><escl:MaxWidth>2550</escl:MaxWidth>
    <escl:MinHeight>1</escl:MinHeight><escl:MaxHeight>3507</escl:MaxHeight>
    <escl:SettingProfiles>
      <escl:SettingProfile>
        <escl:ColorModes><escl:ColorMode>RGB24</escl:ColorMode></escl:ColorModes>
        <escl:DocumentFormats><escl:DocumentFormatExt>image/jpeg</escl:DocumentFormatExt></escl:DocumentFormats>
        <escl:SupportedResolutions><escl:ResolutionRange>
          <escl:XResolutionRange><escl:Min>75</escl:Min><escl:Max>600</escl:Max><escl:Step>75</escl:Step></escl:XResolutionRange>
          <escl:YResolutionRange><escl:Min>75</escl:Min><escl:Max>600</escl:Max><escl:Step>75</escl:Step></escl:YResolutionRange>
        </escl:ResolutionRange></escl:SupportedResolutions>
      </escl:SettingProfile>
      <escl:SettingProfile>
        <escl:ColorModes><escl:ColorMode>Grayscale8</escl:ColorMode><escl:ColorMode>BlackAndWhite1</escl:ColorMode></escl:ColorModes>
        <escl:DocumentFormats><p:DocumentFormat>application/pdf</p:DocumentFormat></escl:DocumentFormats>
        <escl:SupportedResolutions><escl:DiscreteResolutions>
          <escl:DiscreteResolution><escl:XResolution>200</escl:XResolution><escl:YResolution>200</escl:YResolution></escl:DiscreteResolution>
          <escl:DiscreteResolution><escl:XResolution>300</escl:XResolution><escl:YResolution>600</escl:YResolution></escl:DiscreteResolution>
        </escl:DiscreteResolutions></escl:SupportedResolutions>
      </escl:SettingProfile>
    </escl:SettingProfiles>
  </escl:PlatenInputCaps></escl:Platen>
</escl:ScannerCapabilities>`;

describe('parseCapabilities', () => {
  it('reads a device document by local names, merging the setting profiles', () => {
    const caps = parseCapabilities(deviceCapabilities);
    expect(caps.makeAndModel).toBe('ACME MF 4410 & Co');
    expect(caps.adf).toBeUndefined();
    expect(caps.platen).toEqual({
      minWidth: 1, maxWidth: 2550, minHeight: 1, maxHeight: 3507,
      colorModes: ['RGB24', 'Grayscale8', 'BlackAndWhite1'],
      documentFormats: ['image/jpeg', 'application/pdf'],
      // 300×600 is not square, so it is not offered as 300 dpi.
      resolutions: [200],
      resolutionRange: { min: 75, max: 600, step: 75 },
    });
  });

  it('checks resolutions against the range with its step', () => {
    const platen = parseCapabilities(deviceCapabilities).platen;
    if (!platen) throw new Error('no platen');
    expect([75, 150, 200, 600].map((dpi) => supportsResolution(platen, dpi))).toEqual([true, true, true, true]);
    expect([100, 675, 50].map((dpi) => supportsResolution(platen, dpi))).toEqual([false, false, false]);
  });

  it('refuses what is not a capabilities document', () => {
    expect(() => parseCapabilities('<html><body>login</body></html>')).toThrow(EsclFormatError);
    expect(() => parseCapabilities('<scan:ScannerCapabilities xmlns:scan="x"><oops')).toThrow(EsclFormatError);
    expect(() => parseCapabilities('<scan:ScannerCapabilities xmlns:scan="x"/>')).toThrow(/neither a platen nor a feeder/);
  });
});

describe('parseStatus', () => {
  it('reads state, feeder state and the jobs with their reasons', () => {
    const status = parseStatus(`<?xml version="1.0"?>
<scan:ScannerStatus xmlns:scan="http://schemas.hp.com/imaging/escl/2011/05/03" xmlns:pwg="http://www.pwg.org/schemas/2010/12/sm">
  <pwg:Version>2.0</pwg:Version><pwg:State>Idle</pwg:State><scan:AdfState>ScannerAdfJam</scan:AdfState>
  <scan:Jobs><scan:JobInfo><pwg:JobUri>/eSCL/ScanJobs/1</pwg:JobUri><pwg:ImagesCompleted>2</pwg:ImagesCompleted>
    <pwg:JobState>Aborted</pwg:JobState><pwg:JobStateReasons><pwg:JobStateReason>JobCanceledBySystem</pwg:JobStateReason></pwg:JobStateReasons></scan:JobInfo></scan:Jobs>
</scan:ScannerStatus>`);
    expect(status).toEqual({ state: 'Idle', adfState: 'ScannerAdfJam', jobs: [{ uri: '/eSCL/ScanJobs/1', state: 'Aborted', reasons: ['JobCanceledBySystem'], imagesCompleted: 2 }] });
  });
});

describe('renderScanSettings', () => {
  it('writes what parseScanSettings reads back, with simplex for the feeder', () => {
    const settings = { version: '2.0', intent: 'Document', inputSource: 'Feeder' as const, colorMode: 'Grayscale8', xResolution: 200, yResolution: 200, documentFormat: 'application/pdf', region: { width: 2480, height: 3508, xOffset: 0, yOffset: 0 } };
    const xml = renderScanSettings(settings);
    expect(xml).toContain('<pwg:ContentRegionUnits>escl:ThreeHundredthsOfInches</pwg:ContentRegionUnits>');
    expect(xml).toContain('<scan:Duplex>false</scan:Duplex>');
    expect(parseScanSettings(xml)).toEqual(settings);
    expect(renderScanSettings({ ...settings, inputSource: 'Platen' })).not.toContain('Duplex');
  });
});
