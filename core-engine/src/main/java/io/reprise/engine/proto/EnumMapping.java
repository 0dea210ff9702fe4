package io.reprise.engine.proto;

import com.google.protobuf.ProtocolMessageEnum;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One Java enum and its proto v1 counterpart, matched by name: the Java constant {@code TimedOut} or
 * {@code TIMED_OUT} is the proto value {@code PREFIX_TIMED_OUT}. A Java {@code null} is the proto value
 * numbered 0 ({@code …_UNSPECIFIED}).
 *
 * <p>Built when its mapper class loads, and refused then if a constant on either side has no counterpart,
 * so that a constant added to one side only fails every test that maps anything, not a user's run.
 *
 * @param <J> the Java enum
 * @param <P> the generated proto enum
 */
public final class EnumMapping<J extends Enum<J>, P extends Enum<P> & ProtocolMessageEnum> {

    private final Class<J> javaType;
    private final String protoName;
    private final P unspecified;
    private final P[] toProto;
    private final Map<Integer, J> fromProto = new HashMap<>();

    @SuppressWarnings("unchecked")
    public EnumMapping(Class<J> javaType, Class<P> protoType, String prefix) {
        this.javaType = javaType;
        this.protoName = protoType.getSimpleName();
        J[] javaValues = javaType.getEnumConstants();
        this.toProto = (P[]) java.lang.reflect.Array.newInstance(protoType, javaValues.length);
        Map<String, P> byName = new HashMap<>();
        P zero = null;
        for (P value : protoType.getEnumConstants()) {
            if (value.name().equals("UNRECOGNIZED")) {
                continue;
            }
            if (value.getNumber() == 0) {
                zero = value;
            } else {
                byName.put(value.name(), value);
            }
        }
        if (zero == null) {
            throw new IllegalStateException("Proto enum " + protoName + " has no value numbered 0 (…_UNSPECIFIED)");
        }
        this.unspecified = zero;
        List<String> missing = new ArrayList<>();
        for (J value : javaValues) {
            String name = prefix + upperSnake(value.name());
            P match = byName.remove(name);
            if (match == null) {
                missing.add(javaType.getName() + "." + value.name() + " has no proto value " + name);
            } else {
                toProto[value.ordinal()] = match;
                fromProto.put(match.getNumber(), value);
            }
        }
        byName.keySet().forEach(name -> missing.add("proto value " + protoName + "." + name + " has no constant in "
                + javaType.getName()));
        if (!missing.isEmpty()) {
            throw new IllegalStateException("The proto v1 enum " + protoName + " and " + javaType.getName()
                    + " differ: " + missing + "; add the missing value (a new number in the .proto, never a"
                    + " reused one) or constant");
        }
    }

    /** The proto value of {@code value}; {@code null} is the unspecified value. */
    public P toProto(J value) {
        return value == null ? unspecified : toProto[value.ordinal()];
    }

    /**
     * The Java constant of the proto value numbered {@code number}; {@code null} for 0.
     *
     * @throws IllegalArgumentException for a number this build does not know (written by a newer one)
     */
    public J fromProto(int number) {
        if (number == 0) {
            return null;
        }
        J value = fromProto.get(number);
        if (value == null) {
            throw new IllegalArgumentException(protoName + " value " + number + " is unknown to this build of"
                    + " Reprise: it was written by a newer one; upgrade this side to read it");
        }
        return value;
    }

    /** The Java constants, in their order. */
    List<J> javaConstants() {
        return List.of(javaType.getEnumConstants());
    }

    /** {@code WorkflowExecutionStarted} as {@code WORKFLOW_EXECUTION_STARTED}; {@code TIMED_OUT} unchanged. */
    static String upperSnake(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(java.util.Locale.ROOT);
    }
}
