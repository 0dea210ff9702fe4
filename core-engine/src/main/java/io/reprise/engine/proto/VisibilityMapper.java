package io.reprise.engine.proto;

import io.reprise.engine.proto.v1.RunVisibility;
import io.reprise.engine.visibility.VisibilityAttributes;

/** Converts a run's memo and search attributes ({@link VisibilityAttributes}) to {@link RunVisibility} and back. */
public final class VisibilityMapper {

    private VisibilityMapper() {
    }

    public static RunVisibility toProto(VisibilityAttributes visibility) {
        RunVisibility.Builder b = RunVisibility.newBuilder();
        if (!visibility.searchAttributes().isEmpty()) {
            b.addAllSearchAttributes(CommonMapper.searchAttributesToProto(visibility.searchAttributes()));
        }
        if (!visibility.memo().isEmpty()) {
            b.addAllMemo(CommonMapper.payloadMapToProto(visibility.memo()));
        }
        return b.build();
    }

    public static VisibilityAttributes fromProto(RunVisibility visibility) {
        return VisibilityAttributes.of(CommonMapper.searchAttributesFromProto(visibility.getSearchAttributesList()),
                CommonMapper.payloadMapFromProto(visibility.getMemoList()));
    }
}
