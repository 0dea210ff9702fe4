package io.reprise.engine.store.schema4;

/**
 * The type of one component in a schema-4 event layout, as {@code history/EventCodec} wrote it at the
 * last release with that codec. Each type knows how it entered that codec's layout hash
 * ({@link #describe()}), so the frozen table can be checked against the hashes stored in the batches.
 */
sealed interface FrozenType {

    /** The type as EventCodec described it in a layout hash. */
    String describe();

    /** Whether a value of this type was preceded by a presence byte (every type but the primitives). */
    default boolean nullable() {
        return true;
    }

    /** {@code long}, {@code int}, {@code short}, {@code byte} (a zigzag varlong), {@code boolean} (a byte) or
     * {@code double} (8 bytes); never null. */
    record Primitive(String name) implements FrozenType {
        @Override
        public String describe() {
            return name;
        }

        @Override
        public boolean nullable() {
            return false;
        }
    }

    /** A boxed {@code Long}, {@code Integer}, {@code Boolean} or {@code Double}: a presence byte, then the primitive. */
    record Boxed(Primitive primitive) implements FrozenType {
        @Override
        public String describe() {
            return "boxed " + primitive.describe();
        }
    }

    /** {@code String} (varint length, UTF-8), {@code byte[]} (varint length, bytes), {@code Duration} and
     * {@code Instant} (varlong seconds, varlong nanos). */
    record Scalar(String name) implements FrozenType {
        @Override
        public String describe() {
            return name;
        }
    }

    /** An enum constant, written by name; {@code className} is the enum's binary class name. */
    record EnumType(String className) implements FrozenType {
        @Override
        public String describe() {
            return "enum";
        }
    }

    /** A list: varint count, then the elements. */
    record ListOf(FrozenType element) implements FrozenType {
        @Override
        public String describe() {
            return "List<" + element.describe() + ">";
        }
    }

    /** A map: varint count, then key and value of each entry. */
    record MapOf(FrozenType key, FrozenType value) implements FrozenType {
        @Override
        public String describe() {
            return "Map<" + key.describe() + "," + value.describe() + ">";
        }
    }

    /** A nested record, its components in order; {@code className} is its binary class name. */
    record RecordRef(String className) implements FrozenType {
        @Override
        public String describe() {
            return className;
        }
    }

    /** Any other type, as varint length and its JSON form; {@code typeName} as EventCodec described it. */
    record Json(String typeName) implements FrozenType {
        @Override
        public String describe() {
            return "json " + typeName;
        }
    }

    Primitive LONG = new Primitive("long");
    Primitive INT = new Primitive("int");
    Primitive SHORT = new Primitive("short");
    Primitive BYTE = new Primitive("byte");
    Primitive BOOLEAN = new Primitive("boolean");
    Primitive DOUBLE = new Primitive("double");
    Scalar STRING = new Scalar("String");
    Scalar BYTES = new Scalar("byte[]");
    Scalar DURATION = new Scalar("Duration");
    Scalar INSTANT = new Scalar("Instant");
}
