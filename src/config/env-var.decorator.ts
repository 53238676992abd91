import 'reflect-metadata';

/** How one configuration variable is documented and parsed; read by the loader and the example generator. */
export interface EnvVarSpec {
  /** Raw default as it would be written in a .env file; undefined means "unset". */
  readonly default?: string;
  /** One line for config.env.example and --help. */
  readonly doc: string;
  /** How the raw string becomes a typed value before validation. */
  readonly kind: 'string' | 'int' | 'number' | 'boolean' | 'list';
  /** Masked when the configuration is logged. */
  readonly sensitive?: boolean;
  /** Maps accepted spellings of a string value onto the canonical one before validation. */
  readonly normalize?: (text: string) => string;
}

const ENV_VARS = Symbol('k8s-mcp:env-vars');

/** Marks a property of the configuration schema as an environment variable of the same name. */
export function EnvVar(spec: EnvVarSpec): PropertyDecorator {
  return (target, property) => {
    const specs: Map<string, EnvVarSpec> = Reflect.getMetadata(ENV_VARS, target) ?? new Map();
    specs.set(String(property), spec);
    Reflect.defineMetadata(ENV_VARS, specs, target);
  };
}

/** Every variable declared on a schema class, in declaration order. */
export function envVarsOf(schema: abstract new () => object): ReadonlyMap<string, EnvVarSpec> {
  return Reflect.getMetadata(ENV_VARS, schema.prototype) ?? new Map();
}
