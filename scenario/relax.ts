/**
 * Derives the schema of what a file may contain from the resolved schema: every object
 * property that carries a `default` becomes optional. Walks objects, arrays and unions,
 * the only containers the scenario schema uses.
 */
import { Kind, OptionalKind, Type, type TSchema } from '@sinclair/typebox';

export function relaxDefaults<T extends TSchema>(schema: T): TSchema {
  return relax(schema);
}

function relax(schema: TSchema): TSchema {
  switch (schema[Kind]) {
    case 'Object': {
      const { properties, required: _required, type: _type, [Kind]: _kind, ...options } = schema;
      const relaxed: Record<string, TSchema> = {};
      for (const [key, property] of Object.entries(properties as Record<string, TSchema>)) {
        const inner = relax(property);
        const optional = property[OptionalKind] !== undefined || 'default' in property;
        relaxed[key] = optional ? Type.Optional(inner) : inner;
      }
      return Type.Object(relaxed, options);
    }
    case 'Array': {
      const { items, type: _type, [Kind]: _kind, ...options } = schema;
      return Type.Array(relax(items as TSchema), options);
    }
    case 'Union': {
      const { anyOf, [Kind]: _kind, ...options } = schema;
      return Type.Union((anyOf as TSchema[]).map(relax), options);
    }
    default:
      return schema;
  }
}
