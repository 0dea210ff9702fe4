package io.reprise.engine.proto;

import io.reprise.engine.proto.v1.RunVisibility;
import io.reprise.engine.visibility.VisibilityAttributes;

/** Converts a run's memo and search attributes ({@link VisibilityAttributes}) to {@link RunVisibility} and back. */
public final class VisibilityMapper {

    private VisibilityMapper() {
    }

    public static RunVisibility toProto(VisibilityAttributes visibility) {
        return RunVisibility.newBuilder()
                .putAllSearchAttributes(CommonMapper.searchAttributesToProto(visibility.searchAttributes()))
                .putAllMemo(CommonMapper.payloadMapToProto(visibility.memo()))
                .build();
    }

    public static VisibilityAttributes fromProto(RunVisibility visibility) {
        return VisibilityAttributes.of(CommonMapper.searchAttributesFromProto(visibility.getSearchAttributesMap()),
                CommonMapper.payloadMapFromProto(visibility.getMemoMap()));
    }
}
