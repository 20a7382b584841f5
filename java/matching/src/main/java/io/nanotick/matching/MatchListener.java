package io.nanotick.matching;

/**
 * Everything the engine decides, in order.  Called on the engine's thread,
 * synchronously from {@link MatchingEngine#enter}, {@link MatchingEngine#cancel}
 * and {@link MatchingEngine#replace}.  Implementations must not call back
 * into the engine.
 */
public interface MatchListener {
    /** A new order was accepted, before it matches. */
    void onEntered(long ref, int book, byte side, long price, int qty, int owner, long tag);

    /**
     * An order was replaced, before the new one matches.  When
     * {@code keptPriority} (same price, size not increased) {@code newRef ==
     * oldRef} and the order stays where it was with {@code qty} shares;
     * otherwise the old order left the book and {@code newRef} is processed
     * like a new order (it may trade, then rest or be canceled).
     */
    void onReplaced(long oldRef, long newRef, int book, byte side, long price, int qty, int owner, long oldTag,
                    long newTag, int oldLeaves, boolean keptPriority);

    /** A trade at the resting order's price. */
    void onExecuted(int book, long price, int qty, long matchNumber,
                    long restingRef, int restingOwner, long restingTag, int restingLeaves,
                    long aggressorRef, int aggressorOwner, long aggressorTag, byte aggressorSide, int aggressorLeaves);

    /** The (rest of the) order now rests in the book. */
    void onAdded(long ref, int book, byte side, long price, int qty, int owner, long tag);

    /**
     * Shares were taken off an order: {@code leaves == 0} means the order is
     * gone.  {@code wasResting} is false for the unfilled rest of an IOC (or
     * a self-match-prevented incoming order) that never reached the book.
     */
    void onCanceled(long ref, int book, byte side, long price, int owner, long tag, int canceledQty, int leaves,
                    byte reason, boolean wasResting);
}
