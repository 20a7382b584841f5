package io.nanotick.matching;

import java.util.ArrayList;
import java.util.List;

/** Writes the engine's callbacks as strings (tests only). */
final class Recorder implements MatchListener {
    final List<String> events = new ArrayList<>();

    @Override
    public void onEntered(long ref, int book, byte side, long price, int qty, int owner, long tag) {
        events.add("ENTER " + ref + " " + book + " " + (char) side + " " + price + " " + qty + " " + owner + " " + tag);
    }

    @Override
    public void onReplaced(long oldRef, long newRef, int book, byte side, long price, int qty, int owner, long oldTag,
                           long newTag, int oldLeaves, boolean keptPriority) {
        events.add("REPLACE " + oldRef + " " + newRef + " " + price + " " + qty + " " + oldLeaves + " " + keptPriority);
    }

    @Override
    public void onExecuted(int book, long price, int qty, long matchNumber, long restingRef, int restingOwner,
                           long restingTag, int restingLeaves, long aggressorRef, int aggressorOwner,
                           long aggressorTag, byte aggressorSide, int aggressorLeaves) {
        events.add("EXEC " + book + " " + price + " " + qty + " " + matchNumber + " " + restingRef + " "
                + restingLeaves + " " + aggressorRef + " " + aggressorLeaves);
    }

    @Override
    public void onAdded(long ref, int book, byte side, long price, int qty, int owner, long tag) {
        events.add("ADD " + ref + " " + book + " " + (char) side + " " + price + " " + qty);
    }

    @Override
    public void onCanceled(long ref, int book, byte side, long price, int owner, long tag, int canceledQty, int leaves,
                           byte reason, boolean wasResting) {
        events.add("CANCEL " + ref + " " + canceledQty + " " + leaves + " " + (char) reason + " " + wasResting);
    }
}
