package io.nanotick.controller.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanotick.controller.Controller;
import io.nanotick.controller.Recovery;
import io.nanotick.controller.Tif;
import io.nanotick.controller.oms.OrderManager;
import io.nanotick.controller.risk.RiskReason;
import io.nanotick.controller.strategy.PingPong;
import java.io.File;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalRestartTest
{
    @TempDir
    Path dir;

    private static long px(final String p)
    {
        return Math.round(Double.parseDouble(p) * 10_000);
    }

    private static Controller controller(final File f) throws Exception
    {
        final Controller c = new Controller(256);
        c.addStrategy(new PingPong("pp", 9));
        c.journal(Journal.open(f));
        return c;
    }

    @Test
    void restartRebuildsOrdersPositionsAndSettings() throws Exception
    {
        final File f = dir.resolve("j.ntj").toFile();
        final Controller a = controller(f);
        final long t = 1_000_000_000L;
        a.onTopOfBook(1, px("10.00"), 100, px("10.02"), 100, 0, t);
        a.onTopOfBook(2, px("20.00"), 100, px("20.02"), 100, 0, t);
        assertNull(a.setRisk("maxPosition", "5000"));
        assertNull(a.setStrategyParam("pp", "qty", "300"));
        final long r1 = a.enter(9, 1, (byte)'B', px("10.00"), 100, Tif.DAY, t);
        final long r2 = a.enter(9, 2, (byte)'S', px("20.02"), 50, Tif.DAY, t);
        final long r3 = a.enter(9, 1, (byte)'S', px("10.05"), 70, Tif.DAY, t);
        assertEquals(-RiskReason.MAX_QTY, a.enter(9, 1, (byte)'B', px("10.00"), 1_000_000, Tif.DAY, t));
        a.onOrderEvent(OrderManager.EV_ACCEPTED, r1, 0, 100, px("10.00"), (byte)0, 11, 0, t);
        a.onOrderEvent(OrderManager.EV_EXECUTED, r1, 0, 60, px("10.00"), (byte)'A', 501, 0, t);
        a.onOrderEvent(OrderManager.EV_ACCEPTED, r2, 0, 50, px("20.02"), (byte)0, 12, 0, t);
        a.onOrderEvent(OrderManager.EV_EXECUTED, r2, 0, 50, px("20.02"), (byte)'R', 502, 0, t);
        a.onOrderEvent(OrderManager.EV_ACCEPTED, r3, 0, 70, px("10.05"), (byte)0, 13, 0, t);
        final long r4 = a.replace(9, r3, px("10.06"), 70, t);
        assertTrue(r4 > 0);
        a.risk().kill(RiskReason.KILLED);   // cancels r1 (rest) and r3
        final long records = a.journal().records();
        a.journal().close();

        // what the OMS had when the process died
        final Controller b = controller(f);
        final String summary = Recovery.restore(b);
        assertTrue(summary.contains("KILL SWITCH ON"), summary);
        assertEquals(records, b.journal().records());
        assertEquals(60, b.positions().position(1));
        assertEquals(-50, b.positions().position(2));
        assertEquals(a.positions().totalRealized(), b.positions().totalRealized());
        assertEquals(a.oms().openOrders(), b.oms().openOrders());
        assertEquals(3, b.oms().openOrders(), "r1 pending cancel, r3 pending cancel with its replace r4");
        assertEquals(OrderManager.PENDING_CANCEL, b.oms().state(b.oms().slotOf(r1)));
        assertEquals(40, b.oms().leaves(b.oms().slotOf(r1)));
        assertEquals(OrderManager.PENDING_CANCEL, b.oms().state(b.oms().slotOf(r3)));
        assertEquals(OrderManager.REPLACE_NEW, b.oms().state(b.oms().slotOf(r4)));
        assertEquals(r4 + 1, b.oms().nextUserRef(), "UserRefNums keep increasing across restarts");
        assertEquals(5000, b.limits().maxPosition);
        assertEquals(300, (long)b.strategy("pp").params().get(b.strategy("pp").params().indexOf("qty")));
        assertTrue(b.risk().killed());
        assertEquals(1, b.risk().rejects(RiskReason.MAX_QTY));
        assertEquals(a.oms().openBuyQty(1), b.oms().openBuyQty(1));
        assertEquals(a.oms().openSellQty(1), b.oms().openSellQty(1));

        // the venue answers after the restart: the journal keeps growing where it stopped
        b.onOrderEvent(OrderManager.EV_CANCELED, r1, 0, 40, 0, (byte)0, 0, 'U', t);
        assertEquals(2, b.oms().openOrders());
        b.journal().close();
        final Controller c = controller(f);
        Recovery.restore(c);
        assertEquals(2, c.oms().openOrders());
        c.journal().close();
    }

    @Test
    void tornTailIsIgnoredAndForeignFileRefused() throws Exception
    {
        final File f = dir.resolve("t.ntj").toFile();
        final Controller a = controller(f);
        a.onTopOfBook(1, px("10.00"), 100, px("10.02"), 100, 0, 1);
        a.enter(9, 1, (byte)'B', px("10.00"), 100, Tif.DAY, 1);
        final long n = a.journal().records();
        a.journal().close();
        // a record whose payload was written but not its sequence word (crash mid-append)
        try (RandomAccessFile raf = new RandomAccessFile(f, "rw"))
        {
            raf.seek(n * Journal.RECORD + 8);
            raf.write(new byte[] {4, 'O', 0, 0, 1, 0, 'B', '0'});
        }
        final Controller b = controller(f);
        Recovery.restore(b);
        assertEquals(n, b.journal().records());
        assertEquals(1, b.oms().openOrders());
        b.journal().close();

        final File bad = dir.resolve("bad.ntj").toFile();
        final byte[] junk = new byte[128];
        junk[0] = 1;
        junk[8] = 4;
        Files.write(bad.toPath(), junk);
        assertThrows(java.io.IOException.class, () -> Journal.open(bad));
    }
}
