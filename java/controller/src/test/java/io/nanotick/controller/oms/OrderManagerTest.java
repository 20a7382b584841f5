package io.nanotick.controller.oms;

import static io.nanotick.controller.oms.OrderManager.EV_ACCEPTED;
import static io.nanotick.controller.oms.OrderManager.EV_CANCELED;
import static io.nanotick.controller.oms.OrderManager.EV_EXECUTED;
import static io.nanotick.controller.oms.OrderManager.EV_REJECTED;
import static io.nanotick.controller.oms.OrderManager.EV_REPLACED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanotick.controller.OrderIntent;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OrderManagerTest
{
    private OrderManager oms;
    private RecordingGateway gw;
    private final OrderIntent in = new OrderIntent();

    @BeforeEach
    void setUp()
    {
        oms = new OrderManager(64, new Positions());
        gw = new RecordingGateway();
        oms.gateway(gw);
        oms.listener(gw);
    }

    private long enter(final byte side, final long px, final long qty)
    {
        return oms.enter(in.enter(3, 1, side, px, qty, (byte)'0', 0));
    }

    private byte state(final long ref)
    {
        final int slot = oms.slotOf(ref);
        return slot < 0 ? 0 : oms.state(slot);
    }

    private void ev(final byte e, final long ref, final long orig, final long qty, final long px, final long venueRef)
    {
        oms.onEvent(e, ref, orig, qty, px, (byte)'R', venueRef, 0, 0);
    }

    @Test
    void enterAcceptFillCancel()
    {
        assertEquals(1, enter((byte)'B', 100_000, 300));
        assertEquals(OrderManager.PENDING_NEW, state(1));
        assertEquals(300, oms.openBuyQty(1));
        ev(EV_ACCEPTED, 1, 0, 300, 100_000, 555);
        assertEquals(OrderManager.LIVE, state(1));
        ev(EV_EXECUTED, 1, 0, 100, 100_000, 9001);
        ev(EV_EXECUTED, 1, 0, 100, 100_000, 9001);      // same match number again: a replay duplicate
        assertEquals(1, oms.duplicateEvents());
        assertEquals(200, oms.leaves(oms.slotOf(1)));
        assertEquals(100, oms.positions().position(1));
        assertEquals(200, oms.openBuyQty(1));
        assertEquals(300, oms.exposure(1));
        assertTrue(oms.cancel(1, 0));
        assertFalse(oms.cancel(1, 0), "already being canceled");
        assertEquals(OrderManager.PENDING_CANCEL, state(1));
        ev(EV_EXECUTED, 1, 0, 50, 100_000, 9002);       // fill racing the cancel
        ev(EV_CANCELED, 1, 0, 150, 0, 0);
        assertEquals(0, state(1), "closed and released");
        assertEquals(0, oms.openOrders());
        assertEquals(0, oms.openBuyQty(1));
        assertEquals(150, oms.positions().position(1));
        assertEquals(List.of("O#1 B 300@100000", "fill s3 #1 100@100000", "X#1", "fill s3 #1 50@100000", "closed #1 C"), gw.drain());
        ev(EV_CANCELED, 1, 0, 150, 0, 0);
        assertEquals(1, oms.unknownEvents());
    }

    @Test
    void replaceConfirmedAndReplaceRejected()
    {
        enter((byte)'S', 200_000, 100);
        ev(EV_ACCEPTED, 1, 0, 100, 200_000, 1);
        final long r2 = oms.replace(in.replace(3, 1, 1, (byte)'S', 201_000, 80, (byte)'0', 0));
        assertEquals(2, r2);
        assertEquals(OrderManager.PENDING_REPLACE, state(1));
        assertEquals(OrderManager.REPLACE_NEW, state(2));
        assertEquals(180, oms.openSellQty(1), "old and new both count until confirmed");
        assertEquals(-1, oms.replace(in.replace(3, 1, 1, (byte)'S', 202_000, 80, (byte)'0', 0)), "only a LIVE order");
        ev(EV_REPLACED, 2, 1, 80, 201_000, 2);
        assertEquals(0, state(1));
        assertEquals(OrderManager.LIVE, state(2));
        assertEquals(80, oms.openSellQty(1));
        assertEquals(201_000, oms.price(oms.slotOf(2)));

        oms.replace(in.replace(3, 2, 1, (byte)'S', 199_000, 90, (byte)'0', 0));
        ev(EV_REJECTED, 3, 0, 0, 0, 0);
        assertEquals(OrderManager.LIVE, state(2), "the old order works on");
        assertEquals(0, state(3));
        assertEquals(80, oms.openSellQty(1));
        assertEquals(List.of("O#1 S 100@200000", "U#1->#2 80@201000", "closed #1 U", "U#2->#3 90@199000", "closed #3 J"), gw.drain());
    }

    @Test
    void rejectAndFillOfAnOrderWithAReplacePending()
    {
        enter((byte)'B', 100_000, 10);
        ev(EV_REJECTED, 1, 0, 0, 0, 0);
        assertEquals(0, state(1));
        enter((byte)'B', 100_000, 10);
        ev(EV_ACCEPTED, 2, 0, 10, 100_000, 7);
        oms.replace(in.replace(3, 2, 1, (byte)'B', 100_100, 10, (byte)'0', 0));
        ev(EV_EXECUTED, 2, 0, 10, 100_000, 77);          // filled before the replace got there
        assertEquals(0, state(2));
        assertEquals(0, state(3), "the pending replacement dies with it");
        assertEquals(0, oms.openBuyQty(1));
        assertEquals(10, oms.positions().position(1));
        assertEquals(List.of("O#1 B 10@100000", "closed #1 J", "O#2 B 10@100000", "U#2->#3 10@100100",
            "fill s3 #2 10@100000", "closed #2 F", "closed #3 J"), gw.drain());
    }

    @Test
    void reconciliationAfterReconnect()
    {
        enter((byte)'B', 100_000, 10);                   // #1: never reached the venue
        enter((byte)'B', 100_000, 20);                   // #2: live, one fill seen, one missed
        ev(EV_ACCEPTED, 2, 0, 20, 100_000, 2);
        ev(EV_EXECUTED, 2, 0, 5, 100_000, 7);
        enter((byte)'S', 101_000, 30);                   // #3: cancel sent, answer lost
        ev(EV_ACCEPTED, 3, 0, 30, 101_000, 3);
        oms.cancel(3, 0);
        enter((byte)'S', 102_000, 40);                   // #4 live, replace #5 sent, answer lost
        ev(EV_ACCEPTED, 4, 0, 40, 102_000, 4);
        oms.replace(in.replace(3, 4, 1, (byte)'S', 102_100, 40, (byte)'0', 0));
        gw.drain();

        oms.beginReconcile();
        // the venue replays its outbound stream from the last sequence number we had
        ev(EV_ACCEPTED, 2, 0, 20, 100_000, 2);           // duplicate
        ev(EV_EXECUTED, 2, 0, 5, 100_000, 7);            // duplicate (match 7 seen)
        ev(EV_EXECUTED, 2, 0, 6, 100_000, 8);            // missed while disconnected
        assertEquals(2, oms.duplicateEvents());
        assertEquals(3, oms.endReconcile(0), "lost enter, lost replace, cancel again");
        assertEquals(0, state(1), "lost enter closed");
        assertEquals(OrderManager.LIVE, state(2));
        assertEquals(9, oms.leaves(oms.slotOf(2)));
        assertEquals(OrderManager.PENDING_CANCEL, state(3));
        assertEquals(OrderManager.LIVE, state(4), "lost replace dropped, old order live");
        assertEquals(0, state(5));
        assertEquals(11, oms.positions().position(1));
        assertEquals(2, oms.lostOrders());
        assertEquals(List.of("fill s3 #2 6@100000", "closed #5 J", "X#3", "closed #1 J"), gw.drain());
    }

    @Test
    void cancelBeforeTheAcknowledgement()
    {
        enter((byte)'B', 100_000, 10);
        assertTrue(oms.cancel(1, 0));
        ev(EV_ACCEPTED, 1, 0, 10, 100_000, 5);            // the Accepted was already on its way
        assertEquals(0, oms.duplicateEvents());
        assertEquals(OrderManager.PENDING_CANCEL, state(1));
        ev(EV_CANCELED, 1, 0, 10, 0, 0);
        assertEquals(0, oms.openOrders());

        enter((byte)'B', 100_000, 10);
        assertTrue(oms.cancel(2, 0));
        ev(EV_REJECTED, 2, 0, 0, 0, 0);                   // the order itself was refused
        assertEquals(0, state(2));
        assertEquals(0, oms.openBuyQty(1));

        enter((byte)'B', 100_000, 10);
        assertTrue(oms.cancel(3, 0));
        oms.beginReconcile();
        assertEquals(1, oms.endReconcile(0), "no answer to the order in the replay: it never got there");
        assertEquals(0, oms.openOrders());
        assertEquals(List.of("O#1 B 10@100000", "X#1", "closed #1 C", "O#2 B 10@100000", "X#2", "closed #2 J",
            "O#3 B 10@100000", "X#3", "closed #3 J"), gw.drain());
    }

    @Test
    void killDuringAReplaceCancelsTheReplacement()
    {
        enter((byte)'S', 200_000, 100);
        ev(EV_ACCEPTED, 1, 0, 100, 200_000, 1);
        oms.replace(in.replace(3, 1, 1, (byte)'S', 201_000, 100, (byte)'0', 0));
        assertEquals(1, oms.cancelAll(-1, 0), "the old order; the replacement is not the venue's yet");
        ev(EV_REPLACED, 2, 1, 100, 201_000, 2);           // the venue replaced before it saw the cancel
        ev(EV_CANCELED, 2, 0, 100, 0, 0);
        assertEquals(0, oms.openOrders());
        assertEquals(List.of("O#1 S 100@200000", "U#1->#2 100@201000", "X#1", "closed #1 U", "X#2", "closed #2 C"), gw.drain());
    }
}
