package io.papertrends.serde;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.ConcurrentModificationException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.Conversion;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;
import org.apache.avro.io.Encoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Avro binary encoding of generated records by a plan compiled once from the schema, writing
 * the same bytes as {@code SpecificDatumWriter} (tested against it) without its per-field work:
 * logical-type conversions looked up by class, unions resolved by schema name. Generated classes
 * with timestamp fields have no custom coders, so this is their fast path.
 *
 * <p>The plan covers records, arrays, enums, strings, bytes, numbers, booleans and unions of
 * {@code null} with one other type, with logical types through the record's own conversions. A
 * schema with anything else (maps, fixed, wider unions, recursion) gets no plan. A value the plan
 * does not expect (another Java type than the generated one) makes {@link #encode} throw
 * {@link NotCovered}, and the caller encodes that record with the general writer instead.
 */
final class RecordEncoder {

    /** A value outside the plan; stackless, as it only sends the record to the general writer. */
    static final class NotCovered extends RuntimeException {
        private static final NotCovered INSTANCE = new NotCovered();

        private NotCovered() {
            super("value outside the compiled plan", null, false, false);
        }
    }

    @FunctionalInterface
    private interface Node {
        void write(Object value, Encoder out) throws IOException;
    }

    private final Node root;

    private RecordEncoder(Node root) {
        this.root = root;
    }

    /** A plan for {@code schema} (a record) with the conversions of {@code data}, or empty when the schema is outside what plans cover. */
    static Optional<RecordEncoder> compile(Schema schema, SpecificData data) {
        if (schema.getType() != Schema.Type.RECORD) {
            return Optional.empty();
        }
        try {
            return Optional.of(new RecordEncoder(new Compiler(data).node(schema)));
        } catch (Unsupported e) {
            return Optional.empty();
        }
    }

    /** Writes {@code record}; throws {@link NotCovered} (having written part of it) when it holds a value outside the plan. */
    void encode(Object record, Encoder out) throws IOException {
        root.write(record, out);
    }

    private static final class Unsupported extends Exception {
        Unsupported() {
            super(null, null, false, false);
        }
    }

    private static final class Compiler {
        private final SpecificData data;
        private final Set<String> inProgress = new HashSet<>();

        Compiler(SpecificData data) {
            this.data = data;
        }

        /** The node writing a value of {@code schema} as {@code GenericDatumWriter.write(schema, value)} does. */
        Node node(Schema schema) throws Unsupported {
            LogicalType logicalType = schema.getLogicalType();
            Node raw = rawNode(schema);
            if (logicalType == null) {
                return raw;
            }
            // The general writer looks the conversion up by the value's class; the one class it can
            // find for this logical type is the converted type of the conversion registered for it.
            @SuppressWarnings("unchecked")
            Conversion<Object> conversion = (Conversion<Object>) data.getConversionFor(logicalType);
            if (conversion == null) {
                return raw;
            }
            Class<?> converted = conversion.getConvertedType();
            return (value, out) -> {
                if (value == null || value.getClass() != converted) {
                    throw NotCovered.INSTANCE;
                }
                raw.write(Conversions.convertToRawType(value, schema, logicalType, conversion), out);
            };
        }

        /** The node of {@code GenericDatumWriter.writeWithoutConversion}. */
        private Node rawNode(Schema schema) throws Unsupported {
            switch (schema.getType()) {
                case RECORD:
                    return record(schema);
                case ARRAY:
                    return array(schema);
                case UNION:
                    return union(schema);
                case ENUM:
                    return (value, out) -> {
                        if (!(value instanceof Enum<?> e)) {
                            throw NotCovered.INSTANCE;
                        }
                        out.writeEnum(e.ordinal());
                    };
                case STRING:
                    return (value, out) -> {
                        if (!(value instanceof CharSequence s)) {
                            throw NotCovered.INSTANCE;
                        }
                        out.writeString(s);
                    };
                case BYTES:
                    return (value, out) -> {
                        if (!(value instanceof ByteBuffer b)) {
                            throw NotCovered.INSTANCE;
                        }
                        out.writeBytes(b);
                    };
                case INT:
                    return (value, out) -> {
                        if (!(value instanceof Integer i)) {
                            throw NotCovered.INSTANCE;
                        }
                        out.writeInt(i);
                    };
                case LONG:
                    return (value, out) -> {
                        if (!(value instanceof Long l)) {
                            throw NotCovered.INSTANCE;
                        }
                        out.writeLong(l);
                    };
                case FLOAT:
                    return (value, out) -> {
                        if (!(value instanceof Float f)) {
                            throw NotCovered.INSTANCE;
                        }
                        out.writeFloat(f);
                    };
                case DOUBLE:
                    return (value, out) -> {
                        if (!(value instanceof Double d)) {
                            throw NotCovered.INSTANCE;
                        }
                        out.writeDouble(d);
                    };
                case BOOLEAN:
                    return (value, out) -> {
                        if (!(value instanceof Boolean b)) {
                            throw NotCovered.INSTANCE;
                        }
                        out.writeBoolean(b);
                    };
                case NULL:
                    return (value, out) -> {
                        if (value != null) {
                            throw NotCovered.INSTANCE;
                        }
                        out.writeNull();
                    };
                default:
                    throw new Unsupported();
            }
        }

        /** As {@code SpecificDatumWriter.writeField}: a field's own logical type goes through the record's conversion for it. */
        private Node record(Schema schema) throws Unsupported {
            if (!inProgress.add(schema.getFullName())) {
                throw new Unsupported();
            }
            List<Schema.Field> fields = schema.getFields();
            int n = fields.size();
            int[] positions = new int[n];
            Node[] raw = new Node[n];
            Schema[] schemas = new Schema[n];
            LogicalType[] logicalTypes = new LogicalType[n];
            for (int i = 0; i < n; i++) {
                Schema.Field f = fields.get(i);
                positions[i] = f.pos();
                schemas[i] = f.schema();
                logicalTypes[i] = f.schema().getLogicalType();
                raw[i] = logicalTypes[i] == null ? node(f.schema()) : rawNode(f.schema());
            }
            inProgress.remove(schema.getFullName());
            return (value, out) -> {
                if (!(value instanceof SpecificRecordBase r) || r.getSchema() != schema && !r.getSchema().equals(schema)) {
                    throw NotCovered.INSTANCE;
                }
                for (int i = 0; i < n; i++) {
                    Object v = r.get(positions[i]);
                    if (logicalTypes[i] != null) {
                        @SuppressWarnings("unchecked")
                        Conversion<Object> conversion = (Conversion<Object>) r.getConversion(positions[i]);
                        if (conversion != null) {
                            if (v == null || !conversion.getConvertedType().isInstance(v)) {
                                throw NotCovered.INSTANCE;
                            }
                            v = Conversions.convertToRawType(v, schemas[i], logicalTypes[i], conversion);
                        }
                    }
                    raw[i].write(v, out);
                }
            };
        }

        private Node array(Schema schema) throws Unsupported {
            Node item = node(schema.getElementType());
            return (value, out) -> {
                if (!(value instanceof Collection<?> c)) {
                    throw NotCovered.INSTANCE;
                }
                long size = c.size();
                long written = 0;
                out.writeArrayStart();
                out.setItemCount(size);
                for (Object element : c) {
                    out.startItem();
                    item.write(element, out);
                    written++;
                }
                out.writeArrayEnd();
                if (written != size) {
                    throw new ConcurrentModificationException("size of array " + size + ", but " + written + " items written");
                }
            };
        }

        /** {@code null} and one other type; a value of another Java type is left to the general writer's resolution. */
        private Node union(Schema schema) throws Unsupported {
            List<Schema> types = schema.getTypes();
            List<Integer> others = new ArrayList<>();
            int nullIndex = -1;
            for (int i = 0; i < types.size(); i++) {
                if (types.get(i).getType() == Schema.Type.NULL) {
                    nullIndex = i;
                } else {
                    others.add(i);
                }
            }
            if (nullIndex < 0 || others.size() != 1) {
                throw new Unsupported();
            }
            int otherIndex = others.get(0);
            Schema other = types.get(otherIndex);
            if (other.getType() != Schema.Type.STRING && other.getType() != Schema.Type.INT && other.getType() != Schema.Type.LONG
                    && other.getType() != Schema.Type.DOUBLE && other.getType() != Schema.Type.BOOLEAN
                    && other.getType() != Schema.Type.FLOAT && other.getType() != Schema.Type.BYTES) {
                throw new Unsupported();
            }
            Node otherNode = node(other);
            int nullAt = nullIndex;
            return (value, out) -> {
                if (value == null) {
                    out.writeIndex(nullAt);
                    out.writeNull();
                } else {
                    // Which branch the general writer resolves is checked by the branch node: it
                    // accepts exactly the Java type that resolves to it, or sends the record back.
                    out.writeIndex(otherIndex);
                    otherNode.write(value, out);
                }
            };
        }
    }
}
