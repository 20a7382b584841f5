/*
 * nanotick-dpdk -- the software feed path on DPDK: rte_eth_rx_burst on a
 * pinned lcore -> C feed handler (MoldUDP64 A/B arbitration, ITCH, book)
 * -> 64-byte records into an MD ring (ring.h).
 *
 *   nanotick-dpdk [EAL args] -- --ring PATH [--capacity N] [--port-a P] [--port-b P]
 *                 [--queues Q] [--udp-port U] [--b-group IP] [--b-udp-port U] [--b-queue Q]
 *                 [--idle-exit MS] [--direct N] [--orders N] [--levels N] [--inject F.pcap]
 *
 * --inject (benchmark): the main lcore transmits the frames of F.pcap on
 * line A's port (a loopback vdev such as net_ring0, whose TX feeds its RX),
 * the worker lcore receives and processes them; the stats line then gives
 * the rate from the first to the last packet received.
 *
 * Line A is every RX queue of --port-a (default 0); line B every RX queue of
 * --port-b (default: none), or, when both lines arrive on one port, the
 * frames sent to --b-group IP / --b-udp-port U (split in software after
 * any queue: works on every PMD), or RX queue --b-queue Q of port A, to
 * which the NIC steers them with an rte_flow rule on the same group/port
 * (PMDs with rte_flow only).  Both lines feed ONE sequencer (first copy of
 * each sequence number wins), polled by one lcore: the first worker lcore
 * of the EAL core list, or the main lcore when there is only one.
 * Stops on SIGINT/SIGTERM (or after --idle-exit MS without a packet once
 * traffic was seen), prints one stats line, closes the ring (state CLOSED)
 * and releases the ports.
 *
 * Hot loop: rx_burst, parse, book, record, mbuf free.  No malloc (the book
 * and order table are preallocated: exhaustion is reported, not grown), no
 * syscall (time from the TSC), no lock.
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_flow.h>
#include <rte_mbuf.h>
#include <arpa/inet.h>

#include "nt_feed.h"

#define BURST      32
#define RX_DESC    1024
#define NB_MBUF    8191
#define MAX_QUEUES 16
#define NO_PORT    UINT16_MAX
#define NO_QUEUE   UINT16_MAX

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
    (void)sig;
    stop = 1;
}

struct app {
    uint16_t port[2];         /* line A, line B */
    uint16_t queues;
    uint16_t b_queue;         /* RX queue of port A that is line B (NO_QUEUE: none) */
    uint64_t idle_exit_ms;
    struct nt_feed *feed;
    struct nt_ring ring;
    uint64_t rx[2];
    uint64_t multiseg;
    uint64_t polls, busy_polls;
    uint64_t tsc_hz;
    uint64_t mono0, tsc0;
    uint64_t first_rx_tsc, last_rx_tsc;
};

static int lcore_main(void *arg)
{
    struct app *a = arg;
    struct rte_mbuf *bufs[BURST];
    const uint64_t hz = a->tsc_hz;
    const uint64_t hb_every = hz / 20; /* 50 ms < NT_RING_HEARTBEAT_NS */
    const uint64_t idle_tsc = a->idle_exit_ms ? a->idle_exit_ms * (hz / 1000) : 0;
    /* ns = mono0 + (tsc - tsc0) * mul >> 32, no division on the hot path */
    const uint64_t mul = (uint64_t)(((__uint128_t)1000000000ull << 32) / hz);
    uint64_t last_hb = rte_rdtsc(), last_rx = 0;
    int seen = 0;

    printf("nanotick-dpdk: polling on lcore %u (line A port %u%s", rte_lcore_id(), a->port[0],
           a->port[1] != NO_PORT ? ", line B port " : "");
    if (a->port[1] != NO_PORT)
        printf("%u", a->port[1]);
    printf(", %u queue(s) each", a->queues);
    if (a->b_queue != NO_QUEUE)
        printf("; line B = queue %u of port %u", a->b_queue, a->port[0]);
    printf(")\n");
    fflush(stdout);

    while (!stop) {
        uint64_t now = rte_rdtsc();
        uint64_t ts = a->mono0 + (uint64_t)(((__uint128_t)(now - a->tsc0) * mul) >> 32);
        int got = 0;
        for (int line = 0; line < 2; line++) {
            uint16_t port = a->port[line];
            if (port == NO_PORT)
                continue;
            for (uint16_t q = 0; q < a->queues; q++) {
                uint16_t n = rte_eth_rx_burst(port, q, bufs, BURST);
                a->polls++;
                if (n == 0)
                    continue;
                a->busy_polls++;
                got += n;
                uint8_t ln = (uint8_t)(line | (q == a->b_queue)); /* b_queue only on port A */
                a->rx[ln] += n;
                for (uint16_t i = 0; i < n; i++) {
                    struct rte_mbuf *m = bufs[i];
                    if (i + 2 < n)
                        rte_prefetch0(rte_pktmbuf_mtod(bufs[i + 2], void *));
                    if (i + 1 < n) /* order slots of the next frame's messages */
                        nt_feed_prefetch_frame(a->feed, rte_pktmbuf_mtod(bufs[i + 1], const uint8_t *),
                                               bufs[i + 1]->data_len);
                    if (likely(m->nb_segs == 1)) {
                        nt_feed_frame(a->feed, rte_pktmbuf_mtod(m, const uint8_t *), m->data_len, ln, ts);
                    } else {
                        a->multiseg++; /* jumbo / scattered: not MoldUDP64-sized, counted drop */
                        nt_feed_drop_frame(a->feed);
                    }
                }
                rte_pktmbuf_free_bulk(bufs, n);
            }
        }
        if (got) {
            if (!seen)
                a->first_rx_tsc = now;
            last_rx = now;
            seen = 1;
        } else if (idle_tsc && seen && now - last_rx > idle_tsc) {
            break;
        }
        if (now - last_hb > hb_every) {
            nt_ring_heartbeat(&a->ring, ts);
            last_hb = now;
        }
    }
    a->last_rx_tsc = last_rx ? rte_rdtsc() : 0;
    return 0;
}

/* --inject: transmit every frame of a pcap on port (loopback vdev), then wait
 * until the worker has received them all.  Returns frames sent. */
static uint64_t inject(struct app *a, const char *path, struct rte_mempool *pool)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        fprintf(stderr, "nanotick-dpdk: --inject %s: %s\n", path, strerror(errno));
        return 0;
    }
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    uint8_t *d = malloc((size_t)n);
    if (!d || fread(d, 1, (size_t)n, fp) != (size_t)n || n < 24) {
        fprintf(stderr, "nanotick-dpdk: --inject %s: cannot read\n", path);
        fclose(fp);
        free(d);
        return 0;
    }
    fclose(fp);
    uint64_t sent = 0;
    size_t off = 24;
    uint16_t port = a->port[0];
    while (off + 16 <= (size_t)n && !stop) {
        struct rte_mbuf *m[BURST];
        unsigned k = 0;
        if (rte_pktmbuf_alloc_bulk(pool, m, BURST) != 0)
            continue; /* all in flight: the worker frees them */
        while (k < BURST && off + 16 <= (size_t)n) {
            uint32_t incl;
            memcpy(&incl, d + off + 8, 4);
            off += 16;
            if (incl > (size_t)n - off || incl > rte_pktmbuf_tailroom(m[k]))
                break;
            memcpy(rte_pktmbuf_append(m[k], (uint16_t)incl), d + off, incl);
            off += incl;
            k++;
        }
        unsigned t = 0;
        while (t < k && !stop)
            t += rte_eth_tx_burst(port, 0, m + t, (uint16_t)(k - t));
        if (k < BURST)
            rte_pktmbuf_free_bulk(m + k, BURST - k);
        sent += t;
        if (k == 0)
            break;
    }
    free(d);
    uint64_t deadline = rte_rdtsc() + 10 * a->tsc_hz;
    while (!stop && __atomic_load_n(&a->rx[0], __ATOMIC_RELAXED) < sent && rte_rdtsc() < deadline)
        rte_pause();
    return sent;
}

static int port_init(uint16_t port, uint16_t queues, int rss, struct rte_mempool *pool)
{
    struct rte_eth_dev_info info;
    struct rte_eth_conf conf;
    memset(&conf, 0, sizeof conf);
    int rc = rte_eth_dev_info_get(port, &info);
    if (rc != 0) {
        fprintf(stderr, "nanotick-dpdk: port %u: dev_info_get: %s\n", port, rte_strerror(-rc));
        return -1;
    }
    if (queues > info.max_rx_queues) {
        fprintf(stderr, "nanotick-dpdk: port %u (%s) has %u RX queue(s), %u asked (--queues)\n", port,
                info.driver_name, info.max_rx_queues, queues);
        return -1;
    }
    if (queues > 1 && rss) {
        conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
        conf.rx_adv_conf.rss_conf.rss_hf = RTE_ETH_RSS_IP & info.flow_type_rss_offloads;
    }
    rc = rte_eth_dev_configure(port, queues, 1, &conf);
    if (rc != 0) {
        fprintf(stderr, "nanotick-dpdk: port %u: configure: %s\n", port, rte_strerror(-rc));
        return -1;
    }
    uint16_t nrx = RX_DESC, ntx = 64;
    rte_eth_dev_adjust_nb_rx_tx_desc(port, &nrx, &ntx);
    for (uint16_t q = 0; q < queues; q++) {
        rc = rte_eth_rx_queue_setup(port, q, nrx, rte_eth_dev_socket_id(port), NULL, pool);
        if (rc != 0) {
            fprintf(stderr, "nanotick-dpdk: port %u: rx queue %u: %s\n", port, q, rte_strerror(-rc));
            return -1;
        }
    }
    rc = rte_eth_tx_queue_setup(port, 0, ntx, rte_eth_dev_socket_id(port), NULL);
    if (rc != 0) {
        fprintf(stderr, "nanotick-dpdk: port %u: tx queue: %s\n", port, rte_strerror(-rc));
        return -1;
    }
    rc = rte_eth_dev_start(port);
    if (rc != 0) {
        fprintf(stderr, "nanotick-dpdk: port %u: start: %s\n", port, rte_strerror(-rc));
        return -1;
    }
    /* multicast feeds: accept every group (a NIC filter would be finer) */
    rte_eth_promiscuous_enable(port);
    rte_eth_allmulticast_enable(port);
    return 0;
}

/* --b-queue: an rte_flow rule sends line B's group/port to RX queue q.
 * Everything else goes to queue 0 (no RSS). */
static int steer_line_b(uint16_t port, uint16_t q, uint32_t group, uint16_t udp_port)
{
    struct rte_flow_attr attr = {.ingress = 1};
    struct rte_flow_item_ipv4 ip_spec, ip_mask;
    struct rte_flow_item_udp udp_spec, udp_mask;
    memset(&ip_spec, 0, sizeof ip_spec);
    memset(&ip_mask, 0, sizeof ip_mask);
    memset(&udp_spec, 0, sizeof udp_spec);
    memset(&udp_mask, 0, sizeof udp_mask);
    ip_spec.hdr.dst_addr = htonl(group);
    ip_mask.hdr.dst_addr = group ? UINT32_MAX : 0;
    udp_spec.hdr.dst_port = htons(udp_port);
    udp_mask.hdr.dst_port = udp_port ? UINT16_MAX : 0;
    struct rte_flow_item pattern[] = {
        {.type = RTE_FLOW_ITEM_TYPE_ETH},
        {.type = RTE_FLOW_ITEM_TYPE_IPV4, .spec = &ip_spec, .mask = &ip_mask},
        {.type = RTE_FLOW_ITEM_TYPE_UDP, .spec = &udp_spec, .mask = &udp_mask},
        {.type = RTE_FLOW_ITEM_TYPE_END},
    };
    struct rte_flow_action_queue queue = {.index = q};
    struct rte_flow_action actions[] = {
        {.type = RTE_FLOW_ACTION_TYPE_QUEUE, .conf = &queue},
        {.type = RTE_FLOW_ACTION_TYPE_END},
    };
    struct rte_flow_error fe;
    memset(&fe, 0, sizeof fe);
    if (rte_flow_validate(port, &attr, pattern, actions, &fe) != 0
        || rte_flow_create(port, &attr, pattern, actions, &fe) == NULL) {
        fprintf(stderr,
                "nanotick-dpdk: --b-queue %u: port %u cannot steer line B to a queue (rte_flow: %s).\n"
                "  Use the software split instead: --b-group/--b-udp-port without --b-queue.\n",
                q, port, fe.message ? fe.message : rte_strerror(rte_errno));
        return -1;
    }
    return 0;
}

static void usage(FILE *fp)
{
    fprintf(fp,
            "usage: nanotick-dpdk [EAL args] -- --ring PATH [options]\n"
            "  --ring PATH        MD ring to create (e.g. /dev/shm/nanotick-md)\n"
            "  --capacity N       ring capacity in records (power of two, default 1048576)\n"
            "  --port-a P         DPDK port id of line A (default 0)\n"
            "  --port-b P         DPDK port id of line B (default: none)\n"
            "  --queues Q         RX queues per port (default 1)\n"
            "  --udp-port U       only this UDP destination port (default any)\n"
            "  --b-group IP       frames to this IPv4 destination (line B's multicast group) are line B\n"
            "  --b-udp-port U     frames to this UDP destination port are line B (and pass --udp-port)\n"
            "  --b-queue Q        line B is RX queue Q of port A: the NIC steers --b-group/--b-udp-port\n"
            "                     there with an rte_flow rule (PMDs with rte_flow; else use the two above)\n"
            "  --idle-exit MS     stop after MS ms without a packet once traffic was seen\n"
            "  --direct N         direct-mapped order-table slots (power of two, default 4194304)\n"
            "  --orders N         overflow (hash) order-table slots (power of two, default 4194304)\n"
            "  --levels N         preallocated price levels (default 4194304)\n"
            "  --inject F.pcap    benchmark: transmit F.pcap on line A's loopback vdev (net_ring0) and time it\n"
            "examples:\n"
            "  nanotick-dpdk --no-huge --no-pci -m 256 --vdev=net_pcap0,rx_pcap=F.pcap -- --ring /dev/shm/md --idle-exit 500\n"
            "  nanotick-dpdk -l 0-1 -a 0000:3b:00.0 -a 0000:3b:00.1 -- --ring /dev/shm/md --port-a 0 --port-b 1\n"
            "  nanotick-dpdk -l 0-1 -a 0000:3b:00.0 -- --ring /dev/shm/md --b-group 233.49.196.111\n");
}

static int num(const char *s, uint64_t *v)
{
    char *e;
    errno = 0;
    unsigned long long x = strtoull(s, &e, 0);
    if (errno || !*s || *e)
        return -1;
    *v = x;
    return 0;
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            usage(stdout);
            return 0;
        }
    int eal = rte_eal_init(argc, argv);
    if (eal < 0) {
        fprintf(stderr,
                "nanotick-dpdk: EAL initialisation failed: %s\n"
                "  check the EAL arguments before '--' (e.g. --no-huge --no-pci -m 256 --vdev=net_pcap0,rx_pcap=F.pcap);\n"
                "  nanotick-dpdk --help shows the application options\n",
                rte_strerror(rte_errno));
        return 2;
    }
    argc -= eal;
    argv += eal;

    struct app a;
    memset(&a, 0, sizeof a);
    a.port[0] = 0;
    a.port[1] = NO_PORT;
    a.queues = 1;
    a.b_queue = NO_QUEUE;
    const char *ringp = NULL, *injectp = NULL;
    uint64_t capacity = 1u << 20, v = 0;
    struct nt_feed_cfg cfg = {.order_direct = 1u << 22, .order_capacity = 1u << 22, .order_max = 0,
                              .level_capacity = 1u << 22, .prefault = 1};
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (!val) {
            fprintf(stderr, "nanotick-dpdk: %s needs a value (or unknown option)\n", o);
            usage(stderr);
            rte_eal_cleanup();
            return 2;
        }
        int bad = num(val, &v);
        if (!strcmp(o, "--ring")) {
            ringp = val;
            bad = 0;
        } else if (!strcmp(o, "--capacity")) {
            capacity = v;
        } else if (!strcmp(o, "--port-a")) {
            bad |= v >= RTE_MAX_ETHPORTS;
            a.port[0] = (uint16_t)v;
        } else if (!strcmp(o, "--port-b")) {
            bad |= v >= RTE_MAX_ETHPORTS;
            a.port[1] = (uint16_t)v;
        } else if (!strcmp(o, "--queues")) {
            bad |= v < 1 || v > MAX_QUEUES;
            a.queues = (uint16_t)v;
        } else if (!strcmp(o, "--udp-port")) {
            bad |= v > 65535;
            cfg.udp_port = (uint16_t)v;
        } else if (!strcmp(o, "--b-group")) {
            struct in_addr ia;
            bad = inet_pton(AF_INET, val, &ia) != 1 || ia.s_addr == 0;
            cfg.b_ipv4 = ntohl(ia.s_addr);
        } else if (!strcmp(o, "--b-udp-port")) {
            bad |= v < 1 || v > 65535;
            cfg.b_udp_port = (uint16_t)v;
        } else if (!strcmp(o, "--b-queue")) {
            bad |= v >= MAX_QUEUES;
            a.b_queue = (uint16_t)v;
        } else if (!strcmp(o, "--direct")) {
            cfg.order_direct = v;
        } else if (!strcmp(o, "--inject")) {
            injectp = val;
            bad = 0;
        } else if (!strcmp(o, "--idle-exit")) {
            a.idle_exit_ms = v;
        } else if (!strcmp(o, "--orders")) {
            cfg.order_capacity = v;
        } else if (!strcmp(o, "--levels")) {
            cfg.level_capacity = v;
        } else {
            fprintf(stderr, "nanotick-dpdk: unknown option %s\n", o);
            usage(stderr);
            rte_eal_cleanup();
            return 2;
        }
        if (bad) {
            fprintf(stderr, "nanotick-dpdk: bad value for %s: '%s'\n", o, val);
            rte_eal_cleanup();
            return 2;
        }
        i++;
    }
    if (!ringp) {
        fprintf(stderr, "nanotick-dpdk: --ring PATH is required\n");
        usage(stderr);
        rte_eal_cleanup();
        return 2;
    }
    uint16_t avail = rte_eth_dev_count_avail();
    for (int line = 0; line < 2; line++) {
        if (a.port[line] == NO_PORT)
            continue;
        if (!rte_eth_dev_is_valid_port(a.port[line])) {
            fprintf(stderr,
                    "nanotick-dpdk: line %c: port %u does not exist (%u port(s) available).\n"
                    "  Give a vdev (--vdev=net_pcap0,rx_pcap=F.pcap or --vdev=net_af_packet0,iface=eth1)\n"
                    "  or a NIC bound to a DPDK driver (dpdk-devbind.py --status).\n",
                    line ? 'B' : 'A', a.port[line], avail);
            rte_eal_cleanup();
            return 2;
        }
    }
    if (a.b_queue != NO_QUEUE) {
        if (a.port[1] != NO_PORT || (!cfg.b_ipv4 && !cfg.b_udp_port)) {
            fprintf(stderr, "nanotick-dpdk: --b-queue needs --b-group and/or --b-udp-port (the rte_flow rule) "
                            "and no --port-b\n");
            rte_eal_cleanup();
            return 2;
        }
        if (a.queues <= a.b_queue)
            a.queues = (uint16_t)(a.b_queue + 1);
    }
    if (a.port[1] == a.port[0]) {
        fprintf(stderr, "nanotick-dpdk: --port-a and --port-b are the same port (%u)\n", a.port[0]);
        rte_eal_cleanup();
        return 2;
    }

    char err[NT_ERRLEN];
    a.feed = nt_feed_create(&cfg, err);
    if (!a.feed) {
        fprintf(stderr, "nanotick-dpdk: %s\n", err);
        rte_eal_cleanup();
        return 2;
    }
    struct nt_ring_opts ro = {.kind = NT_RING_KIND_MD, .capacity = capacity, .name = "md"};
    if (nt_ring_create(&a.ring, ringp, &ro) != 0) {
        fprintf(stderr, "nanotick-dpdk: %s\n", a.ring.err);
        nt_feed_destroy(a.feed);
        rte_eal_cleanup();
        return 2;
    }
    nt_feed_set_ring(a.feed, &a.ring);

    struct rte_mempool *pool = rte_pktmbuf_pool_create("nt_mbuf", NB_MBUF, 256, 0, RTE_MBUF_DEFAULT_BUF_SIZE,
                                                       (int)rte_socket_id());
    if (!pool) {
        fprintf(stderr, "nanotick-dpdk: mbuf pool: %s (give the EAL more memory: -m 256)\n", rte_strerror(rte_errno));
        return 2;
    }
    int rc = 0;
    for (int line = 0; line < 2 && rc == 0; line++)
        if (a.port[line] != NO_PORT)
            rc = port_init(a.port[line], a.queues, a.b_queue == NO_QUEUE, pool);
    if (rc == 0 && a.b_queue != NO_QUEUE)
        rc = steer_line_b(a.port[0], a.b_queue, cfg.b_ipv4, cfg.b_udp_port);
    if (rc != 0) {
        nt_ring_close_producer(&a.ring);
        rte_eal_cleanup();
        return 2;
    }

    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    a.tsc_hz = rte_get_tsc_hz();
    a.tsc0 = rte_rdtsc();
    a.mono0 = nt_mono_ns();

    unsigned worker = rte_get_next_lcore(-1, 1, 0);
    uint64_t injected = 0;
    if (injectp && worker >= RTE_MAX_LCORE) {
        fprintf(stderr, "nanotick-dpdk: --inject needs two lcores (-l 0-1): main transmits, the worker receives\n");
        stop = 1;
    } else if (worker < RTE_MAX_LCORE) {
        rte_eal_remote_launch(lcore_main, &a, worker);
        if (injectp) {
            injected = inject(&a, injectp, pool);
            stop = 1;
        }
        rte_eal_wait_lcore(worker);
    } else {
        lcore_main(&a);
    }

    const struct nt_feed_stats *s = nt_feed_stats(a.feed);
    uint64_t imissed = 0, ierrors = 0;
    for (int line = 0; line < 2; line++) {
        struct rte_eth_stats es;
        if (a.port[line] != NO_PORT && rte_eth_stats_get(a.port[line], &es) == 0) {
            imissed += es.imissed;
            ierrors += es.ierrors;
        }
    }
    printf("nanotick-dpdk: stats rx_a=%" PRIu64 " rx_b=%" PRIu64 " imissed=%" PRIu64 " ierrors=%" PRIu64
           " frames=%" PRIu64 " skipped=%" PRIu64 " malformed=%" PRIu64 " packets=%" PRIu64 " dup_packets=%" PRIu64
           " gaps=%" PRIu64 " gap_msgs=%" PRIu64 " messages=%" PRIu64 " records=%" PRIu64 " tob=%" PRIu64
           " trades=%" PRIu64 " events=%" PRIu64 " orders_live=%" PRIu64 " order_full=%" PRIu64
           " level_full=%" PRIu64 " ring_prod=%" PRIu64 " line_b_frames=%" PRIu64 "\n",
           a.rx[0], a.rx[1], imissed, ierrors, s->frames, s->frames_skipped, s->frames_malformed + a.multiseg,
           s->packets, s->packets_dup, s->gaps, s->gap_messages, s->messages, s->records, s->tob_rows, s->trades,
           s->events, s->orders_live, s->order_full, s->level_full, a.ring.prod, s->frames_b);
    if (injectp && a.last_rx_tsc > a.first_rx_tsc) {
        double sec = (double)(a.last_rx_tsc - a.first_rx_tsc) / (double)a.tsc_hz;
        printf("nanotick-dpdk: inject: %" PRIu64 " frames sent, %" PRIu64 " received in %.3f s: %.2f M frames/s, "
               "%.2f M messages/s, %.2f M records/s (%.1f ns/message)\n",
               injected, a.rx[0], sec, (double)a.rx[0] / sec / 1e6, (double)s->messages / sec / 1e6,
               (double)s->records / sec / 1e6, sec * 1e9 / (double)(s->messages ? s->messages : 1));
    }
    fflush(stdout);

    for (int line = 0; line < 2; line++) {
        if (a.port[line] == NO_PORT)
            continue;
        rte_eth_dev_stop(a.port[line]);
        rte_eth_dev_close(a.port[line]);
    }
    nt_ring_close_producer(&a.ring);
    nt_feed_destroy(a.feed);
    rte_eal_cleanup();
    return 0;
}
