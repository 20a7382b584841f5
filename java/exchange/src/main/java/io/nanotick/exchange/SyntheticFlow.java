package io.nanotick.exchange;

import io.nanotick.matching.MatchingEngine;
import java.util.SplittableRandom;

/**
 * Seeded synthetic participants.  Arrivals are a Poisson process of
 * {@code background.rate} per second over all symbols; each arrival picks a
 * symbol, moves its fair value by a Gaussian random-walk step, and is one of:
 * a passive day limit order a geometric number of ticks behind the half
 * spread (55%), a marketable IOC crossing the spread (15%), a cancel of one
 * of the symbol's live background orders (22%), a replace of one (8%: one
 * tick away, or a size reduction).  Sizes are round lots of 100 times a
 * geometric count, sometimes an odd lot.  Owner 0 (no OUCH session).  The
 * sequence of actions depends only on the seed.
 */
final class SyntheticFlow implements BackgroundFlow {
    private final Exchange ex;
    private final MatchingEngine engine;
    private final SplittableRandom rnd;
    private final double meanIntervalNs;
    private final int books;
    private final double[] fair;
    private final long tick;
    private final double vol;
    private final int halfSpread;
    private final int participants;
    private final long[][] live;
    private final int[] liveCount;
    private long nextNs;

    SyntheticFlow(ExchangeConfig cfg, Exchange ex, int books, long nowNs) {
        this.ex = ex;
        this.engine = ex.engine();
        this.rnd = new SplittableRandom(cfg.seed);
        this.meanIntervalNs = 1e9 / cfg.rate;
        this.books = books;
        this.tick = cfg.tick;
        this.vol = cfg.volatilityTicks;
        this.halfSpread = Math.max(1, cfg.spreadTicks / 2);
        this.participants = cfg.participants;
        this.fair = new double[books];
        this.live = new long[books][cfg.maxRestingPerSymbol];
        this.liveCount = new int[books];
        for (int b = 0; b < books; b++) {
            // spread symbols' prices a little apart, deterministically
            fair[b] = cfg.startPrice / (double) tick * (1.0 + 0.25 * rnd.nextDouble());
        }
        this.nextNs = nowNs;
    }

    @Override
    public long onTimer(long nowNs) {
        int budget = 10_000;
        while (nextNs <= nowNs && budget-- > 0) {
            arrival();
            nextNs += (long) (-Math.log(1.0 - rnd.nextDouble()) * meanIntervalNs);
        }
        if (nowNs - nextNs > 1_000_000_000L) {
            nextNs = nowNs; // far behind (a stall): do not burst to catch up
        }
        return nextNs;
    }

    private int geometric(double p) {
        int k = 0;
        while (k < 50 && rnd.nextDouble() > p) {
            k++;
        }
        return k;
    }

    private int size() {
        if (rnd.nextInt(20) == 0) {
            return 1 + rnd.nextInt(99); // odd lot
        }
        return 100 * (1 + geometric(0.45));
    }

    void arrival() {
        int b = rnd.nextInt(books);
        fair[b] = Math.max(10 * halfSpread + 10, fair[b] + rnd.nextGaussian() * vol);
        long tag = 1 + rnd.nextInt(participants);
        double u = rnd.nextDouble();
        if (liveCount[b] >= live[b].length || ex.halted(b)) {
            u = 0.80; // full, or halted (only cancels): cancel something
        }
        if (u < 0.55) {
            boolean buy = rnd.nextBoolean();
            long ticks = halfSpread + geometric(0.35);
            long center = Math.round(fair[b]);
            long px = (buy ? center - ticks : center + ticks) * tick;
            long ref = engine.enter(0, tag, b, buy ? MatchingEngine.BUY : MatchingEngine.SELL, px, size(),
                    MatchingEngine.TIF_DAY);
            ex.afterEngineCall();
            if (ref > 0 && engine.leaves(ref) > 0) {
                live[b][liveCount[b]++] = ref;
            }
        } else if (u < 0.70) {
            boolean buy = rnd.nextBoolean();
            long center = Math.round(fair[b]);
            long ticks = halfSpread + 1 + rnd.nextInt(3);
            long px = (buy ? center + ticks : center - ticks) * tick;
            engine.enter(0, tag, b, buy ? MatchingEngine.BUY : MatchingEngine.SELL, px, size(), MatchingEngine.TIF_IOC);
            ex.afterEngineCall();
        } else if (u < 0.92) {
            if (liveCount[b] > 0) {
                int i = rnd.nextInt(liveCount[b]);
                engine.cancel(live[b][i], 0, MatchingEngine.REASON_USER);
                ex.afterEngineCall();
                live[b][i] = live[b][--liveCount[b]];
            }
        } else if (liveCount[b] > 0) {
            int i = rnd.nextInt(liveCount[b]);
            long ref = live[b][i];
            int leaves = engine.leaves(ref);
            if (leaves <= 0) {
                live[b][i] = live[b][--liveCount[b]];
                return;
            }
            long px = engine.orderPrice(ref);
            int qty = leaves;
            if (leaves > 100 && rnd.nextBoolean()) {
                qty = leaves - 100;
            } else {
                px += rnd.nextBoolean() ? tick : -tick;
                if (px <= 0) {
                    px = tick;
                }
            }
            long nr = engine.replace(ref, tag, px, qty, MatchingEngine.TIF_DAY);
            ex.afterEngineCall();
            if (nr > 0 && engine.leaves(nr) > 0) {
                live[b][i] = nr;
            } else {
                live[b][i] = live[b][--liveCount[b]];
            }
        }
    }
}
