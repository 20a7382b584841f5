package io.nanotick.exchange;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code tools/nanotick exchange [--config FILE] [key=value ...]}: runs the
 * simulator until SIGINT/SIGTERM, then ends the day cleanly.
 */
public final class ExchangeMain {
    private ExchangeMain() {
    }

    public static void main(String[] args) throws Exception {
        Path config = null;
        List<String> overrides = new ArrayList<>();
        long statsMs = 0;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--config" -> config = Path.of(args[++i]);
                case "--stats" -> statsMs = Long.parseLong(args[++i]);
                case "--help", "-h" -> {
                    System.out.println("usage: tools/nanotick exchange [--config FILE] [--stats MS] [key=value ...]");
                    System.out.println("keys: see docs/exchange-simulator.md");
                    return;
                }
                default -> {
                    if (!a.contains("=")) {
                        System.err.println("nanotick exchange: unexpected argument '" + a + "'");
                        System.exit(2);
                    }
                    overrides.add(a);
                }
            }
        }
        ExchangeConfig cfg;
        try {
            cfg = ExchangeConfig.load(config, overrides);
        } catch (IllegalArgumentException e) {
            System.err.println("nanotick exchange: " + e.getMessage());
            System.exit(2);
            return;
        }
        ExchangeSimulator sim = ExchangeSimulator.start(cfg);
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sim.close();
            System.err.println("nanotick exchange: stopped; " + sim.stats());
            done.countDown();
        }, "nanotick-exchange-shutdown"));
        System.out.println("nanotick exchange: OUCH 5.0/SoupBinTCP on " + cfg.ouchHost + ":" + sim.ouchPort()
                + " session " + cfg.session + " users " + cfg.users.keySet());
        System.out.println("nanotick exchange: ITCH 5.0/MoldUDP64 " + cfg.mdMode + " to " + sim.feedAddress()
                + (cfg.mdMode.equals("multicast") ? " on " + cfg.mdInterface : "") + " session " + cfg.mdSession
                + "; retransmission on " + cfg.retransmitHost + ":" + sim.retransmitPort());
        System.out.println("nanotick exchange: symbols " + (cfg.background.equals("replay") ? "from " + cfg.replayFile
                : cfg.symbols) + "; background " + cfg.background
                + (cfg.capturePcap.isEmpty() ? "" : "; capture " + cfg.capturePcap));
        System.out.flush();
        while (done.getCount() > 0) {
            if (statsMs > 0) {
                Thread.sleep(statsMs);
                if (done.getCount() > 0) {
                    sim.execute(s -> System.out.println("nanotick exchange: " + s.stats()));
                }
            } else {
                done.await(500, java.util.concurrent.TimeUnit.MILLISECONDS);
            }
            if (sim.failure() != null) {
                System.err.println("nanotick exchange: failed: " + sim.failure());
                System.exit(1);
            }
        }
    }
}
