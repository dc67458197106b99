export {
  befreiungWorkflow, befreiungDataSchema, befreiungCertificate, befreiungGrounds, groundWording, ausweispflichtAge, type BefreiungData, type BefreiungGround,
} from './befreiung.ts';
