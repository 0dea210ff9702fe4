package io.reprise.engine.proto;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The changes from a golden descriptor set to the current one that break readers of data or messages written
 * under the golden: a message, enum, service or method gone; a field number gone (unless it is now reserved, number
 * and name), or kept with another name, type, label, presence ({@code optional}) or oneof; an enum value number gone
 * or renamed; a reservation dropped. Additions break nothing and are not reported.
 *
 * <p>A {@code map<K, V>} field may become a {@code repeated} field of a message whose fields are {@code key = 1}
 * of type K and {@code value = 2} of type V, and its generated map entry message may then go: the protobuf wire
 * format of a map is exactly such a repeated entry message (docs/proto.md, "Maps").
 */
final class DescriptorCompatibility {

    private DescriptorCompatibility() {
    }

    static List<String> breakingChanges(FileDescriptorSet golden, FileDescriptorSet current) {
        Index was = new Index(golden);
        Index now = new Index(current);
        List<String> problems = new ArrayList<>();
        was.messages.forEach((name, message) -> {
            if (!message.getOptions().getMapEntry() || now.messages.containsKey(name)) {
                compare(name, message, now.messages.get(name), was, now, problems);
            }
        });
        was.enums.forEach((name, e) -> compare(name, e, now.enums.get(name), problems));
        was.services.forEach((name, service) -> compare(name, service, now.services.get(name), problems));
        return problems;
    }

    private static void compare(String name, DescriptorProto was, DescriptorProto now, Index wasIndex,
            Index nowIndex, List<String> problems) {
        if (now == null) {
            problems.add("message " + name + " was removed (or renamed)");
            return;
        }
        Map<Integer, FieldDescriptorProto> fields = new LinkedHashMap<>();
        now.getFieldList().forEach(field -> fields.put(field.getNumber(), field));
        for (FieldDescriptorProto old : was.getFieldList()) {
            String field = name + "." + old.getName() + " = " + old.getNumber();
            FieldDescriptorProto kept = fields.get(old.getNumber());
            if (kept == null) {
                if (!isReserved(now, old.getNumber()) || !now.getReservedNameList().contains(old.getName())) {
                    problems.add("field " + field + " was removed; keep it, or reserve its number and its name");
                }
                continue;
            }
            differs(problems, field, "name", old.getName(), kept.getName());
            differs(problems, field, "type", old.getType(), kept.getType());
            DescriptorProto oldEntry = old.getTypeName().isEmpty() ? null
                    : wasIndex.messages.get(old.getTypeName().substring(1));
            if (oldEntry != null && oldEntry.getOptions().getMapEntry()
                    && !old.getTypeName().equals(kept.getTypeName())) {
                sameEntry(problems, field, oldEntry, kept.getTypeName().isEmpty() ? null
                    : nowIndex.messages.get(kept.getTypeName().substring(1)));
            } else {
                differs(problems, field, "type name", old.getTypeName(), kept.getTypeName());
            }
            differs(problems, field, "label", old.getLabel(), kept.getLabel());
            differs(problems, field, "presence (optional)", old.getProto3Optional(), kept.getProto3Optional());
            differs(problems, field, "oneof", oneof(was, old), oneof(now, kept));
        }
        for (DescriptorProto.ReservedRange range : was.getReservedRangeList()) {
            for (int number = range.getStart(); number < range.getEnd(); number++) {
                if (!isReserved(now, number)) {
                    problems.add("message " + name + " no longer reserves field number " + number);
                    break;
                }
            }
        }
        for (String reserved : was.getReservedNameList()) {
            if (!now.getReservedNameList().contains(reserved)) {
                problems.add("message " + name + " no longer reserves field name " + reserved);
            }
        }
    }

    private static void compare(String name, EnumDescriptorProto was, EnumDescriptorProto now, List<String> problems) {
        if (now == null) {
            problems.add("enum " + name + " was removed (or renamed)");
            return;
        }
        Map<Integer, String> values = new LinkedHashMap<>();
        now.getValueList().forEach(value -> values.putIfAbsent(value.getNumber(), value.getName()));
        for (EnumValueDescriptorProto old : was.getValueList()) {
            String kept = values.get(old.getNumber());
            if (kept == null) {
                boolean reserved = now.getReservedRangeList().stream()
                        .anyMatch(r -> r.getStart() <= old.getNumber() && old.getNumber() <= r.getEnd());
                if (!reserved || !now.getReservedNameList().contains(old.getName())) {
                    problems.add("enum value " + name + "." + old.getName() + " = " + old.getNumber()
                            + " was removed or renumbered; keep it, or reserve its number and its name");
                }
            } else if (!kept.equals(old.getName())) {
                problems.add("enum value " + name + " = " + old.getNumber() + " was " + old.getName() + " and is now "
                        + kept);
            }
        }
    }

    private static void compare(String name, ServiceDescriptorProto was, ServiceDescriptorProto now,
            List<String> problems) {
        if (now == null) {
            problems.add("service " + name + " was removed (or renamed)");
            return;
        }
        Map<String, MethodDescriptorProto> methods = new LinkedHashMap<>();
        now.getMethodList().forEach(method -> methods.put(method.getName(), method));
        for (MethodDescriptorProto old : was.getMethodList()) {
            String method = name + "." + old.getName();
            MethodDescriptorProto kept = methods.get(old.getName());
            if (kept == null) {
                problems.add("method " + method + " was removed (or renamed)");
                continue;
            }
            differs(problems, method, "input type", old.getInputType(), kept.getInputType());
            differs(problems, method, "output type", old.getOutputType(), kept.getOutputType());
            differs(problems, method, "client streaming", old.getClientStreaming(), kept.getClientStreaming());
            differs(problems, method, "server streaming", old.getServerStreaming(), kept.getServerStreaming());
        }
    }

    /** A map field's entry and the message of the repeated field it became: the same key 1 and value 2. */
    private static void sameEntry(List<String> problems, String field, DescriptorProto was, DescriptorProto now) {
        if (now == null) {
            problems.add(field + ": was a map, and its type is now a message this schema does not define");
            return;
        }
        for (FieldDescriptorProto old : was.getFieldList()) {
            FieldDescriptorProto kept = now.getFieldList().stream()
                    .filter(f -> f.getNumber() == old.getNumber()).findFirst().orElse(null);
            if (kept == null || !kept.getName().equals(old.getName()) || kept.getType() != old.getType()
                    || !kept.getTypeName().equals(old.getTypeName()) || kept.getLabel() != old.getLabel()) {
                problems.add(field + ": was a map, and " + now.getName() + " does not have its entry's field "
                        + old.getName() + " = " + old.getNumber() + " (" + old.getType()
                        + (old.getTypeName().isEmpty() ? "" : " " + old.getTypeName()) + ")");
            }
        }
    }

    private static void differs(List<String> problems, String what, String property, Object was, Object now) {
        if (!was.equals(now)) {
            problems.add(what + ": " + property + " changed from " + was + " to " + now);
        }
    }

    /** The oneof a field belongs to, by name; "" for none. Proto3 optional fields sit in synthetic oneofs. */
    private static String oneof(DescriptorProto message, FieldDescriptorProto field) {
        return field.hasOneofIndex() && !field.getProto3Optional()
                ? message.getOneofDecl(field.getOneofIndex()).getName() : "";
    }

    private static boolean isReserved(DescriptorProto message, int number) {
        return message.getReservedRangeList().stream().anyMatch(r -> r.getStart() <= number && number < r.getEnd());
    }

    /** The messages, enums and services of a descriptor set by full name, nested ones included. */
    private static final class Index {
        final Map<String, DescriptorProto> messages = new LinkedHashMap<>();
        final Map<String, EnumDescriptorProto> enums = new LinkedHashMap<>();
        final Map<String, ServiceDescriptorProto> services = new LinkedHashMap<>();

        Index(FileDescriptorSet set) {
            for (FileDescriptorProto file : set.getFileList()) {
                String prefix = file.getPackage().isEmpty() ? "" : file.getPackage() + ".";
                file.getMessageTypeList().forEach(message -> add(prefix, message));
                file.getEnumTypeList().forEach(e -> enums.put(prefix + e.getName(), e));
                file.getServiceList().forEach(service -> services.put(prefix + service.getName(), service));
            }
        }

        private void add(String prefix, DescriptorProto message) {
            String name = prefix + message.getName();
            messages.put(name, message);
            message.getNestedTypeList().forEach(nested -> add(name + ".", nested));
            message.getEnumTypeList().forEach(e -> enums.put(name + "." + e.getName(), e));
        }
    }
}
