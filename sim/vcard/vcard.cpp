// vcard -- the Nanotick virtual card: the exact RTL of hdl/nt_card_core.v,
// clocked by Verilator, seen from the host like the card.
//
//   vcard --in FILE [--in-b FILE] | --udp GROUP:PORT [--udp-b GROUP:PORT]
//         [--ring PATH] [--capacity N] [--evt-ring PATH] [--csv OUT.csv]
//         [--pace [--speed X]] [--ifg CYCLES] [--line-b-port P] [--port P]
//         [--per-packet K] [--stats] [--report] [--keep-ring] [--cut-through]
//
// Inputs (frames go to the MAC ports s_axis_a / s_axis_b, one 64-bit beat
// per cycle, a frame's beats in consecutive cycles, --ifg idle cycles between
// frames of a line: 3 by default = 12 bytes of inter-frame gap + 8 of preamble):
//   pcap        classic pcap (Ethernet, 802.1Q, IPv4, UDP, MoldUDP64).  A
//               record whose captured length is short of the wire length is
//               sent with tuser (MAC error) on its last beat.
//   BinaryFILE  ITCH messages (2-byte big-endian length + message): packed
//               here into MoldUDP64 packets (session NANOTICK01, sequence from
//               1, up to --per-packet messages and 1400 payload bytes each) in
//               Ethernet/IPv4/UDP frames to 233.54.12.111:26477.
//   --udp       live UDP multicast (GROUP:PORT, optional @IFADDR): each
//               datagram becomes one Ethernet/IPv4/UDP frame.
//   Line B: --in-b/--udp-b, or frames of one input whose UDP destination port
//   is --line-b-port.  Frames of both lines are ordered as in the inputs
//   (merged by timestamp) and end on the card in that order.
//
// Host side: the core's DMA writes (one 64-byte line per beat) are applied to
// the market-data ring file (native/include/nanotick/ring.h, created with
// libntring) word by word in the producer's order: seq word 0 (NT_SEQ_BUSY)
// when the slot held an older lap, payload words 1..7, the seq word with
// release; prod_index writes are published with release and the heartbeat
// is refreshed.  A concurrent consumer therefore sees only whole records.
// --evt-ring: the card's second DMA engine also writes its feed-event
// records into an event ring (CSR 0x030..0x040, CTRL bit 6), applied the same
// way.  --csv: the canonical
// top-of-book CSV from the card's records (msg = msg_ordinal).  A record
// identical in (bid, ask, flags) to the locate's last printed row is not
// printed (a level-cache refill record carries the ordinal of the last message
// applied before it and is printed only when it changes the row).
//
// Modes: as fast as possible (default), or --pace: frames start no earlier
// than their capture timestamp (relative to the first, divided by --speed).
// SIGINT/SIGTERM: no new frame starts, the frame in flight finishes, the
// pipeline drains, the final stats line is printed, exit 0.
// Exit codes: 0 ok, 2 bad arguments / unreadable input, 1 internal error.
#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <csignal>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <deque>
#include <fcntl.h>
#include <memory>
#include <netinet/in.h>
#include <poll.h>
#include <string>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include <unordered_map>
#include <vector>

#include "Vnt_card_core.h"
#include "verilated.h"

#include "nanotick/ring.h"
#include "nanotick/ring_io.h"

// ------------------------------------------------------------------ utils

static volatile sig_atomic_t g_stop = 0;
static void on_signal(int) { g_stop = 1; }

[[noreturn]] static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("vcard: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(2);
}

static void warn(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("vcard: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

static uint64_t mono_ns()
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static uint16_t be16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static void put16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v; }
static void put32(uint8_t *p, uint32_t v) { put16(p, (uint16_t)(v >> 16)); put16(p + 2, (uint16_t)v); }
static void put64(uint8_t *p, uint64_t v) { put32(p, (uint32_t)(v >> 32)); put32(p + 4, (uint32_t)v); }

// ----------------------------------------------------------------- frames

struct Frame {
    std::vector<uint8_t> data;
    uint32_t orig_len = 0;
    uint64_t ts_ns = 0;
    int line = 0;           // 0 = A, 1 = B
};

// Ethernet II + IPv4 (checksum filled in) + UDP (checksum 0) around payload.
static void build_udp_frame(Frame &f, const uint8_t *payload, size_t n, uint32_t dst_ip, uint16_t dst_port,
                            uint32_t src_ip, uint16_t src_port)
{
    size_t len = 14 + 20 + 8 + n;
    f.data.assign(len < 60 ? 60 : len, 0);
    uint8_t *e = f.data.data();
    // multicast MAC 01:00:5e + low 23 bits of the group
    e[0] = 0x01; e[1] = 0x00; e[2] = 0x5e;
    e[3] = (uint8_t)((dst_ip >> 16) & 0x7f); e[4] = (uint8_t)(dst_ip >> 8); e[5] = (uint8_t)dst_ip;
    e[6] = 0x02; e[7] = 0x4e; e[8] = 0x54; e[9] = 0x4b; e[10] = 0x00; e[11] = 0x01;
    put16(e + 12, 0x0800);
    uint8_t *ip = e + 14;
    ip[0] = 0x45;
    put16(ip + 2, (uint16_t)(20 + 8 + n));
    ip[6] = 0x40;   // DF
    ip[8] = 64;
    ip[9] = 17;
    put32(ip + 12, src_ip);
    put32(ip + 16, dst_ip);
    uint32_t sum = 0;
    for (int i = 0; i < 20; i += 2)
        sum += be16(ip + i);
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    put16(ip + 10, (uint16_t)~sum);
    uint8_t *udp = ip + 20;
    put16(udp, src_port);
    put16(udp + 2, dst_port);
    put16(udp + 4, (uint16_t)(8 + n));
    memcpy(udp + 8, payload, n);
    f.orig_len = (uint32_t)f.data.size();
}

// UDP destination port of an Ethernet/VLAN/IPv4/UDP frame, or -1.
static int frame_udp_dport(const std::vector<uint8_t> &d)
{
    size_t off = 12;
    if (d.size() < 14)
        return -1;
    uint16_t et = be16(&d[off]);
    while ((et == 0x8100 || et == 0x88A8) && off + 6 <= d.size()) {
        off += 4;
        et = be16(&d[off]);
    }
    off += 2;
    if (et != 0x0800 || off + 20 > d.size())
        return -1;
    size_t ihl = (d[off] & 15) * 4u;
    if (d[off + 9] != 17 || off + ihl + 8 > d.size())
        return -1;
    return be16(&d[off + ihl + 2]);
}

enum Pull { PULL_FRAME, PULL_NONE_YET, PULL_END };

struct Source {
    virtual ~Source() {}
    // Next frame, or none available yet (live input), or the end.
    virtual Pull next(Frame &f) = 0;
    virtual int fd() const { return -1; }
    uint64_t frames = 0;
    uint64_t bad = 0;        // input-format problems (truncated file, ...)
};

struct MappedFile {
    const uint8_t *p = nullptr;
    size_t n = 0;
    void open_or_die(const char *path)
    {
        int fd = ::open(path, O_RDONLY);
        if (fd < 0)
            die("cannot open input '%s': %s", path, strerror(errno));
        struct stat st;
        if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
            die("input '%s' is not a regular file", path);
        n = (size_t)st.st_size;
        if (n > 0) {
            void *m = mmap(nullptr, n, PROT_READ, MAP_PRIVATE, fd, 0);
            if (m == MAP_FAILED)
                die("cannot map input '%s': %s", path, strerror(errno));
            p = (const uint8_t *)m;
        }
        ::close(fd);
    }
};

static bool pcap_magic(const uint8_t *p, size_t n, bool *swap, bool *nanos)
{
    if (n < 4)
        return false;
    uint32_t le = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
    uint32_t be = __builtin_bswap32(le);
    if (le == 0xA1B2C3D4u || le == 0xA1B23C4Du) {
        *swap = false;
        *nanos = le == 0xA1B23C4Du;
        return true;
    }
    if (be == 0xA1B2C3D4u || be == 0xA1B23C4Du) {
        *swap = true;
        *nanos = be == 0xA1B23C4Du;
        return true;
    }
    return false;
}

struct PcapSource : Source {
    MappedFile f;
    std::string path;
    bool swap = false, nanos = false;
    size_t off = 24;
    uint32_t rd32(size_t o) const
    {
        uint32_t v;
        memcpy(&v, f.p + o, 4);
        return swap ? __builtin_bswap32(v) : v;
    }
    PcapSource(const char *p, int line_b_port) : path(p), line_b_port_(line_b_port)
    {
        f.open_or_die(p);
        if (f.n >= 4 && memcmp(f.p, "\x0a\x0d\x0d\x0a", 4) == 0)
            die("%s: pcapng is not supported; convert it: editcap -F pcap IN OUT", p);
        if (!pcap_magic(f.p, f.n, &swap, &nanos))
            die("%s: not a classic pcap file", p);
        if (f.n < 24)
            die("%s: pcap global header truncated (%zu bytes)", p, f.n);
        uint32_t link = rd32(20);
        if ((link & 0x0FFFFFFF) != 1)
            die("%s: link type %u, only Ethernet (1) is supported", p, link);
    }
    Pull next(Frame &fr) override
    {
        if (off + 16 > f.n) {
            if (off != f.n && !reported_) {
                warn("%s: %zu stray bytes after the last record at offset %zu (truncated file): ignored",
                     path.c_str(), f.n - off, off);
                bad++;
                reported_ = true;
            }
            return PULL_END;
        }
        uint32_t sec = rd32(off), frac = rd32(off + 4), caplen = rd32(off + 8), origlen = rd32(off + 12);
        if (off + 16 + (uint64_t)caplen > f.n) {
            if (!reported_) {
                warn("%s: record %llu at offset %zu claims %u bytes, past the end of the file "
                     "(truncated or corrupt file): input ends here",
                     path.c_str(), (unsigned long long)frames + 1, off, caplen);
                bad++;
                reported_ = true;
            }
            off = f.n;
            return PULL_END;
        }
        fr.data.assign(f.p + off + 16, f.p + off + 16 + caplen);
        fr.orig_len = origlen;
        fr.ts_ns = (uint64_t)sec * 1000000000ull + (nanos ? frac : (uint64_t)frac * 1000ull);
        fr.line = (line_b_port_ >= 0 && frame_udp_dport(fr.data) == line_b_port_) ? 1 : 0;
        off += 16 + caplen;
        frames++;
        return PULL_FRAME;
    }

private:
    int line_b_port_;
    bool reported_ = false;
};

// ITCH BinaryFILE -> MoldUDP64 packets -> frames.
struct BinarySource : Source {
    MappedFile f;
    std::string path;
    size_t off = 0;
    uint64_t seq = 1;
    unsigned per_packet;
    bool ended = false;
    uint64_t messages = 0;
    BinarySource(const char *p, unsigned k) : path(p), per_packet(k) { f.open_or_die(p); }
    Pull next(Frame &fr) override
    {
        uint8_t pay[1500];
        static const char session[10] = {'N', 'A', 'N', 'O', 'T', 'I', 'C', 'K', '0', '1'};
        memcpy(pay, session, 10);
        size_t n = 20;
        unsigned count = 0;
        while (count < per_packet && !ended) {
            if (off >= f.n) {
                ended = true;
                break;
            }
            if (off + 2 > f.n) {
                warn("%s: 1 stray byte at the end (truncated file): ignored", path.c_str());
                bad++;
                ended = true;
                break;
            }
            uint16_t len = be16(f.p + off);
            if (len == 0) {     // no message, no ordinal (the reference model's rule)
                off += 2;
                continue;
            }
            if (off + 2 + len > f.n) {
                warn("%s: message at offset %zu has length %u, past the end of the file "
                     "(truncated file): input ends here", path.c_str(), off, len);
                bad++;
                ended = true;
                break;
            }
            if (n + 2 + len > 1400 && count > 0)
                break;
            if (n + 2 + len > sizeof pay)
                die("%s: message at offset %zu of %u bytes does not fit a MoldUDP64 packet", path.c_str(), off,
                    len);
            memcpy(pay + n, f.p + off, 2 + (size_t)len);
            n += 2 + (size_t)len;
            off += 2 + (size_t)len;
            count++;
        }
        if (count == 0) {
            if (!eos_sent_ && seq > 1) {   // End of Session, as a feed ends
                put64(pay + 10, seq);
                put16(pay + 18, 0xFFFF);
                build_udp_frame(fr, pay, 20, 0xE9360C6F, 26477, 0x0A000001, 40000);
                fr.line = 0;
                fr.ts_ns = seq;
                eos_sent_ = true;
                frames++;
                return PULL_FRAME;
            }
            return PULL_END;
        }
        put64(pay + 10, seq);
        put16(pay + 18, (uint16_t)count);
        seq += count;
        messages += count;
        build_udp_frame(fr, pay, n, 0xE9360C6F, 26477, 0x0A000001, 40000);
        fr.line = 0;
        fr.ts_ns = seq;
        frames++;
        return PULL_FRAME;
    }

private:
    bool eos_sent_ = false;
};

struct UdpSource : Source {
    int sock = -1;
    uint32_t group = 0;
    uint16_t port = 0;
    int line;
    UdpSource(const char *spec, int ln) : line(ln)
    {
        // GROUP:PORT[@IFADDR]
        std::string s(spec), ifaddr = "0.0.0.0";
        size_t at = s.find('@');
        if (at != std::string::npos) {
            ifaddr = s.substr(at + 1);
            s = s.substr(0, at);
        }
        size_t c = s.rfind(':');
        if (c == std::string::npos)
            die("--udp '%s': expected GROUP:PORT[@IFADDR]", spec);
        struct in_addr g, ifa;
        if (inet_pton(AF_INET, s.substr(0, c).c_str(), &g) != 1 || inet_pton(AF_INET, ifaddr.c_str(), &ifa) != 1)
            die("--udp '%s': bad IPv4 address", spec);
        char *end;
        long p = strtol(s.c_str() + c + 1, &end, 10);
        if (*end || p <= 0 || p > 65535)
            die("--udp '%s': bad port", spec);
        group = ntohl(g.s_addr);
        port = (uint16_t)p;
        sock = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
        if (sock < 0)
            die("socket: %s", strerror(errno));
        int one = 1;
        setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        int rcvbuf = 8 << 20;
        setsockopt(sock, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
        struct sockaddr_in sa;
        memset(&sa, 0, sizeof sa);
        sa.sin_family = AF_INET;
        sa.sin_port = htons(port);
        sa.sin_addr.s_addr = IN_MULTICAST(group) ? g.s_addr : htonl(INADDR_ANY);
        if (bind(sock, (struct sockaddr *)&sa, sizeof sa) != 0)
            die("--udp %s: bind: %s", spec, strerror(errno));
        if (IN_MULTICAST(group)) {
            struct ip_mreq mr;
            mr.imr_multiaddr = g;
            mr.imr_interface = ifa;
            if (setsockopt(sock, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mr, sizeof mr) != 0)
                die("--udp %s: join group: %s", spec, strerror(errno));
        }
    }
    ~UdpSource() override
    {
        if (sock >= 0)
            ::close(sock);
    }
    int fd() const override { return sock; }
    Pull next(Frame &fr) override
    {
        uint8_t buf[9000];
        struct sockaddr_in from;
        socklen_t fl = sizeof from;
        ssize_t n = recvfrom(sock, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl);
        if (n < 0)
            return PULL_NONE_YET;
        build_udp_frame(fr, buf, (size_t)n, group, port, ntohl(from.sin_addr.s_addr), ntohs(from.sin_port));
        fr.line = line;
        fr.ts_ns = mono_ns();
        frames++;
        return PULL_FRAME;
    }
};

static std::unique_ptr<Source> open_input(const char *path, int line, int line_b_port, unsigned per_packet)
{
    struct stat st;
    if (stat(path, &st) != 0)
        die("input file '%s' does not exist", path);
    if (!S_ISREG(st.st_mode))
        die("input '%s' is not a regular file", path);
    int fd = ::open(path, O_RDONLY);
    if (fd < 0)
        die("cannot read input '%s': %s", path, strerror(errno));
    uint8_t m[4] = {0, 0, 0, 0};
    ssize_t got = ::read(fd, m, 4);
    ::close(fd);
    bool sw, ns;
    if (got == 4 && (pcap_magic(m, 4, &sw, &ns) || memcmp(m, "\x0a\x0d\x0d\x0a", 4) == 0)) {
        return std::make_unique<PcapSource>(path, line == 1 ? -1 : line_b_port);
    }
    return std::make_unique<BinarySource>(path, per_packet);
}

// ------------------------------------------------------------------- card

static const uint64_t RING_BASE = 0x100000000ull;   // the ring's bus address as the card sees it
static const uint64_t EVT_BASE = 0x200000000ull;    // the event ring's

// CSR counter indices (hdl/nt_card_core.v stat_inc)
struct CounterName {
    int idx;
    const char *name;
};
static const CounterName COUNTERS[] = {
    {0, "frame_a.accepted"}, {1, "frame_a.mac_error"}, {2, "frame_a.short_ethernet"},
    {3, "frame_a.bad_ip_header"}, {4, "frame_a.bad_ip_length"}, {5, "frame_a.bad_ip_checksum"},
    {6, "frame_a.ip_fragment"}, {7, "frame_a.bad_udp_length"}, {8, "frame_a.bad_mold_header"},
    {9, "frame_a.fifo_overflow"}, {10, "frame_a.not_ipv4"}, {11, "frame_a.not_udp"},
    {12, "frame_a.port_filtered"}, {13, "frame_a.group_filtered"}, {14, "frame_a.too_many_tags"},
    {16, "frame_b.accepted"}, {17, "frame_b.mac_error"}, {18, "frame_b.short_ethernet"},
    {19, "frame_b.bad_ip_header"}, {20, "frame_b.bad_ip_length"}, {21, "frame_b.bad_ip_checksum"},
    {22, "frame_b.ip_fragment"}, {23, "frame_b.bad_udp_length"}, {24, "frame_b.bad_mold_header"},
    {25, "frame_b.fifo_overflow"}, {26, "frame_b.not_ipv4"}, {27, "frame_b.not_udp"},
    {28, "frame_b.port_filtered"}, {29, "frame_b.group_filtered"}, {30, "frame_b.too_many_tags"},
    {32, "frames_a"}, {33, "frames_b"},
    {34, "mold.packets"}, {35, "mold.heartbeats"}, {36, "mold.duplicates"}, {37, "mold.overlaps"},
    {38, "mold.gaps"}, {39, "mold.sessions"}, {40, "mold.old_session"}, {41, "mold.end_of_session"},
    {42, "mold.after_end"}, {43, "mold.empty_block_cycles"}, {44, "mold.lost_block_packets"},
    {45, "mold.trailing_packets"}, {46, "mold.delivered"},
    {47, "type.A"}, {48, "type.F"}, {49, "type.E"}, {50, "type.C"}, {51, "type.X"}, {52, "type.D"},
    {53, "type.U"}, {54, "type.P"}, {55, "type.Q"}, {56, "type.S"}, {57, "type.R"}, {58, "type.H"},
    {59, "type.other"}, {60, "decode.bad_length"},
    {61, "book.dup_add"}, {62, "book.zero_shares"}, {63, "book.bad_side"}, {64, "book.unknown_ref"},
    {65, "book.clamp"}, {66, "book.table_overflow"}, {67, "book.no_slot"}, {68, "book.book_err"},
    {69, "rec.tob"}, {70, "rec.trade"}, {71, "rec.event"}, {72, "rec.stale"},
    {73, "ring.written"}, {74, "ring.dropped"}, {75, "messages"},
    {76, "mold.late_bad_frames"}, {77, "book.lost_ref_adds"}, {78, "book.stash_inserts"},
    {79, "evt_ring.dropped"}, {80, "book.refill_scans"}, {81, "book.refills"},
};
static const int N_COUNTERS = (int)(sizeof COUNTERS / sizeof COUNTERS[0]);

// The record writer's protocol on one ring line (either ring): the BUSY seq word and the payload are
// applied here; a seq word is returned for the caller to check and publish with release; any other
// byte pattern is not applied (the writer never produces one).  A whole-line write (one-write mode,
// CTRL bit 7) is one 64-byte DMA write that the host makes visible as a whole: applied here as the
// ring's own seqlock does it (BUSY, payload, then the seq word by the caller, with release), so a
// concurrent reader never takes a half-written line.
enum LineKind { LINE_BUSY, LINE_PAYLOAD, LINE_SEQ, LINE_OTHER };
static void store_busy(uint64_t *line)
{
    __atomic_store_n(&line[0], NT_SEQ_BUSY, __ATOMIC_RELAXED);
    __atomic_thread_fence(__ATOMIC_RELEASE);
}
static void store_payload(uint64_t *line, const uint64_t *w)
{
    for (int i = 1; i < 8; i++)
        __atomic_store_n(&line[i], w[i], __ATOMIC_RELAXED);
}
static LineKind apply_line(uint64_t *line, uint64_t strb, const uint64_t *w)
{
    if (strb == ~0ull && w[0] != NT_SEQ_BUSY) {     // a whole line: BUSY, payload, the caller's seq
        store_busy(line);
        store_payload(line, w);
        return LINE_SEQ;
    }
    if (strb == 0xFFull) {
        if (w[0] != NT_SEQ_BUSY)
            return LINE_SEQ;
        store_busy(line);
        return LINE_BUSY;
    }
    if (strb == 0xFFFFFFFFFFFFFF00ull) {
        store_payload(line, w);
        return LINE_PAYLOAD;
    }
    return LINE_OTHER;
}

struct Line {
    std::deque<std::pair<Frame, uint64_t>> queue;   // frames and their start cycle
    const Frame *cur = nullptr;
    uint64_t cur_start = 0;
    size_t beat = 0, beats = 0;
    uint64_t free_at = 0;      // first cycle a new frame may start (after the IFG)
    uint64_t frames = 0, bytes = 0;
};

struct Options {
    const char *in = nullptr, *in_b = nullptr, *udp = nullptr, *udp_b = nullptr;
    const char *ring = nullptr, *evt_ring = nullptr, *csv = nullptr, *trades = nullptr;
    uint64_t capacity = 1u << 16;
    bool pace = false, stats = false, report = false, keep_ring = false, quiet = false;
    bool cut_through = false;  // CSR CTRL bit 5 (docs/hdl.md)
    bool one_write = false;    // CSR CTRL bit 7: one DMA write per record
    double speed = 1.0;
    unsigned ifg = 3;
    int line_b_port = -1;
    int port = -1, port_b = -1;
    unsigned per_packet = 16;
    uint64_t drain = 20000;
    double stats_every = 0;   // seconds; 0 = only the final line
};

class Card {
public:
    Card(Vnt_card_core *t) : top(t) {}
    Vnt_card_core *top;
    uint64_t cyc = 0;          // value of the core's `cycle` register (cycles since reset)
    uint64_t last_activity = 0;

    struct nt_ring md {};
    struct nt_ring evt {};
    bool have_evt = false;
    uint8_t *ring_mem = nullptr;
    uint64_t ring_size = 0;
    uint8_t *evt_mem = nullptr;
    uint64_t evt_size = 0, evt_count = 0, evt_last_prod = 0;

    // host-side view of the records as they are completed
    uint64_t rec_count = 0, rec_tob = 0, rec_trade = 0, rec_evt = 0, rec_gap_evt = 0, rec_stale = 0;
    uint64_t seq_errors = 0, dma_errors = 0, dma_writes = 0;
    uint64_t last_prod = 0;
    FILE *csv = nullptr;
    FILE *trades = nullptr;
    uint64_t last_hb = 0;
    // last CSV row per locate (bid px, bid qty, ask px, ask qty, flags): one row per change
    struct Row { uint32_t bp, bq, ap, aq; uint16_t fl; bool set; };
    std::vector<Row> last_row = std::vector<Row>(65536, Row{0, 0, 0, 0, 0, false});

    // latency: first-beat cycle -> last-beat cycle, per line
    std::unordered_map<uint64_t, uint64_t> frame_end[2];
    bool want_latency = false;
    std::vector<uint32_t> lat;
    uint64_t lat_last_ordinal = 0;
    uint64_t lat_miss = 0, lat_early = 0;
    uint64_t first_rec_cycle = 0, last_rec_cycle = 0;
    // latency from the beat holding a message's last byte (its first copy on either line)
    // to the first DMA write of its top-of-book record
    std::unordered_map<uint64_t, uint64_t> msg_end;   // MoldUDP64 sequence number -> cycle
    std::vector<uint32_t> lat_msg;
    uint64_t first_write_cyc = 0;                     // first DMA write since the last seq word

    // notes the cycle of the beat holding each message block's last byte of
    // a frame whose first beat is driven in cycle c0
    void note_frame(const std::vector<uint8_t> &d, uint64_t c0)
    {
        size_t off = 12;
        while (off + 2 <= d.size() && ((d[off] == 0x81 && d[off + 1] == 0x00) || (d[off] == 0x88 && d[off + 1] == 0xA8)))
            off += 4;
        if (off + 2 + 20 > d.size() || d[off] != 0x08 || d[off + 1] != 0x00)
            return;
        size_t ip = off + 2;
        size_t m = ip + (size_t)(d[ip] & 15) * 4 + 8;
        if (m + 20 > d.size())
            return;
        uint64_t seq = 0;
        for (int i = 0; i < 8; i++)
            seq = seq << 8 | d[m + 10 + i];
        unsigned count = (unsigned)d[m + 18] << 8 | d[m + 19];
        size_t b = m + 20;
        for (unsigned i = 0; i < count && count != 0xFFFF && b + 2 <= d.size(); i++) {
            size_t n = (size_t)d[b] << 8 | d[b + 1];
            b += 2 + n;
            if (n == 0 || b > d.size())
                break;
            uint64_t c = c0 + (b - 1) / 8;
            auto it = msg_end.find(seq + i);
            if (it == msg_end.end() || c < it->second)
                msg_end[seq + i] = c;
        }
    }

    void tick()
    {
        top->clk = 1;
        top->eval();
        cyc++;
        top->clk = 0;
        top->eval();
        sample_dma();
    }

    void reset()
    {
        top->clk = 0;
        top->rst = 1;
        top->m_dma_ready = 1;
        idle_inputs();
        top->eval();
        for (int i = 0; i < 8; i++) {
            top->clk = 1;
            top->eval();
            top->clk = 0;
            top->eval();
        }
        top->rst = 0;
        top->eval();
        cyc = 0;
        // the engine clears its memories after reset (one word per cycle) and takes no message before:
        // wait for CSR 0x02C bit 0, so a larger parameter set does not drop the first frames
        while (!(csr_read(0x02C) & 1u)) {
            if (cyc > (1ull << 26)) {
                fprintf(stderr, "vcard: the core never reported init_done (CSR 0x02C)\n");
                exit(2);
            }
        }
    }

    void idle_inputs()
    {
        top->s_axis_a_tvalid = 0;
        top->s_axis_a_tlast = 0;
        top->s_axis_a_tuser = 0;
        top->s_axis_b_tvalid = 0;
        top->s_axis_b_tlast = 0;
        top->s_axis_b_tuser = 0;
        top->s_axil_awvalid = 0;
        top->s_axil_wvalid = 0;
        top->s_axil_bready = 1;
        top->s_axil_arvalid = 0;
        top->s_axil_rready = 1;
    }

    // AXI-Lite: used at configuration and at the end (the stream inputs idle
    // or carrying frames meanwhile is fine: the CSR port is independent).
    void csr_write(uint16_t addr, uint32_t v)
    {
        top->s_axil_awaddr = addr;
        top->s_axil_wdata = v;
        top->s_axil_wstrb = 0xF;
        top->s_axil_awvalid = 1;
        top->s_axil_wvalid = 1;
        top->s_axil_bready = 1;
        for (int i = 0; i < 100; i++) {
            tick();
            if (top->s_axil_awready)
                break;
        }
        top->s_axil_awvalid = 0;
        top->s_axil_wvalid = 0;
        for (int i = 0; i < 100 && top->s_axil_bvalid; i++)
            tick();
    }

    // CSR 0x02C bit 1: the engine is refilling a book side from its order table (a background
    // scan of every bucket: 2^18 cycles on the Alveo set).  A card's clock never stops, so the
    // harness keeps clocking an idle card while it is set (read only when the inputs are idle).
    bool refill_busy() { return (csr_read(0x02C) & 2u) != 0; }

    uint32_t csr_read(uint16_t addr)
    {
        top->s_axil_araddr = addr;
        top->s_axil_arvalid = 1;
        top->s_axil_rready = 1;
        uint32_t v = 0;
        for (int i = 0; i < 100; i++) {
            tick();
            if (top->s_axil_arready)
                top->s_axil_arvalid = 0;
            if (top->s_axil_rvalid) {
                v = top->s_axil_rdata;
                break;
            }
        }
        top->s_axil_arvalid = 0;
        tick();
        return v;
    }

    uint64_t counter(int i)
    {
        uint32_t lo = csr_read((uint16_t)(0x100 + 8 * i));
        uint32_t hi = csr_read((uint16_t)(0x100 + 8 * i + 4));
        return (uint64_t)hi << 32 | lo;
    }

    void open_rings(const Options &o)
    {
        struct nt_ring_opts ro;
        memset(&ro, 0, sizeof ro);
        ro.kind = NT_RING_KIND_MD;
        ro.capacity = o.capacity;
        ro.name = "md";
        if (nt_ring_create(&md, o.ring, &ro) != 0)
            die("ring %s: %s", o.ring, md.err);
        ring_mem = (uint8_t *)md.hdr;
        ring_size = nt_ring_file_size(o.capacity);
        if (o.evt_ring) {
            ro.name = "evt";
            if (nt_ring_create(&evt, o.evt_ring, &ro) != 0)
                die("event ring %s: %s", o.evt_ring, evt.err);
            have_evt = true;
            evt_mem = (uint8_t *)evt.hdr;
            evt_size = nt_ring_file_size(o.capacity);
        }
        unsigned log2cap = 0;
        while ((1ull << log2cap) < o.capacity)
            log2cap++;
        csr_write(0x014, (uint32_t)RING_BASE);
        csr_write(0x018, (uint32_t)(RING_BASE >> 32));
        csr_write(0x01C, log2cap);
        uint32_t ctrl = 1;
        if (have_evt) {
            csr_write(0x030, (uint32_t)EVT_BASE);
            csr_write(0x034, (uint32_t)(EVT_BASE >> 32));
            csr_write(0x038, log2cap);
            ctrl |= 1u << 6;
        }
        if (o.port >= 0 || o.port_b >= 0) {
            uint32_t pa = o.port >= 0 ? (uint32_t)o.port : 26477u;
            uint32_t pb = o.port_b >= 0 ? (uint32_t)o.port_b : pa;
            csr_write(0x008, pb << 16 | pa);
            ctrl |= 1u << 1 | 1u << 3;
        }
        if (o.cut_through)
            ctrl |= 1u << 5;
        if (o.one_write)
            ctrl |= 1u << 7;
        csr_write(0x004, ctrl);
        if (csr_read(0x000) != 0x4E544B31u)
            die("card ID register does not read NTK1: the model is broken");
        nt_ring_heartbeat(&md, nt_mono_ns());
    }

    // One accepted DMA line (m_dma_ready is 1: accepted at the next edge).
    void sample_dma()
    {
        if (!top->m_dma_valid)
            return;
        last_activity = cyc;
        dma_writes++;
        uint64_t addr = top->m_dma_addr;
        uint64_t strb = top->m_dma_strb;
        const uint32_t *dw = top->m_dma_data.data();
        if (have_evt && addr >= EVT_BASE && addr - EVT_BASE + 64 <= evt_size && (addr & 63) == 0) {
            evt_dma(addr - EVT_BASE, strb, dw);
            return;
        }
        if (addr < RING_BASE || addr - RING_BASE + 64 > ring_size || (addr & 63) != 0) {
            dma_errors++;
            if (dma_errors <= 5)
                warn("DMA write outside the ring: addr 0x%llx strb 0x%016llx", (unsigned long long)addr,
                     (unsigned long long)strb);
            return;
        }
        uint64_t off = addr - RING_BASE;
        uint64_t *line = (uint64_t *)(ring_mem + off);
        uint64_t w[8];
        for (int i = 0; i < 8; i++)
            w[i] = (uint64_t)dw[2 * i] | (uint64_t)dw[2 * i + 1] << 32;
        if (off == 128) {     // prod_index
            if (strb != 0xFF) {
                dma_errors++;
                return;
            }
            if (w[0] < last_prod)
                seq_errors++;
            last_prod = w[0];
            md.prod = w[0];
            __atomic_store_n(&md.hdr->prod_index, w[0], __ATOMIC_RELEASE);
            heartbeat();
            return;
        }
        if (off < NT_RING_DATA_OFFSET) {
            dma_errors++;
            return;
        }
        if (!first_write_cyc)
            first_write_cyc = cyc;
        LineKind k = apply_line(line, strb, w);
        if (k == LINE_SEQ) {
            // the seq word: the record is complete
            uint64_t idx = w[0] - 1;
            uint64_t slot = (off - NT_RING_DATA_OFFSET) / 64;
            if (idx != rec_count || (idx & md.mask) != slot)
                seq_errors++;
            __atomic_store_n(&line[0], w[0], __ATOMIC_RELEASE);
            on_record((const union nt_record *)line, idx);
            first_write_cyc = 0;
            return;
        }
        if (k != LINE_OTHER)
            return;
        // any other pattern: byte-wise, counted (the writer never does this)
        dma_errors++;
        uint8_t *b = (uint8_t *)line;
        const uint8_t *src = (const uint8_t *)w;
        for (int i = 0; i < 64; i++)
            if (strb >> i & 1)
                b[i] = src[i];
    }

    // A DMA line into the event ring: the same protocol as the market-data ring's (prod_index at 128,
    // BUSY, payload, seq last), checked the same way (seq = its own record count + 1).
    void evt_dma(uint64_t off, uint64_t strb, const uint32_t *dw)
    {
        uint64_t w[8];
        for (int i = 0; i < 8; i++)
            w[i] = (uint64_t)dw[2 * i] | (uint64_t)dw[2 * i + 1] << 32;
        uint64_t *line = (uint64_t *)(evt_mem + off);
        if (off == 128 && strb == 0xFFull) {
            if (w[0] < evt_last_prod)
                seq_errors++;
            evt_last_prod = w[0];
            evt.prod = w[0];
            __atomic_store_n(&evt.hdr->prod_index, w[0], __ATOMIC_RELEASE);
            return;
        }
        if (off < NT_RING_DATA_OFFSET) {
            dma_errors++;
            return;
        }
        LineKind k = apply_line(line, strb, w);
        if (k == LINE_SEQ) {
            uint64_t idx = w[0] - 1;
            if (idx != evt_count || (idx & evt.mask) != (off - NT_RING_DATA_OFFSET) / 64 ||
                ((const uint8_t *)line)[8] != NT_REC_FEED_EVENT)
                seq_errors++;
            evt_count++;
            __atomic_store_n(&line[0], w[0], __ATOMIC_RELEASE);
        } else if (k == LINE_OTHER) {
            dma_errors++;
        }
    }

    void heartbeat()
    {
        uint64_t now = nt_mono_ns();
        if (now - last_hb > NT_RING_HEARTBEAT_NS / 4) {
            nt_ring_heartbeat(&md, now);
            if (have_evt)
                nt_ring_heartbeat(&evt, now);
            last_hb = now;
        }
    }

    void on_record(const union nt_record *r, uint64_t idx)
    {
        (void)idx;
        rec_count++;
        if (!first_rec_cycle)
            first_rec_cycle = cyc;
        last_rec_cycle = cyc;
        union nt_record copy;
        memcpy(&copy, r, sizeof copy);
        uint64_t ordinal = 0, ingress = 0;
        int line = 0;
        switch (copy.bytes[8]) {
        case NT_REC_TOB: {
            const struct nt_rec_tob &t = copy.tob;
            rec_tob++;
            if (t.flags & NT_FLAG_STALE)
                rec_stale++;
            Row &lr = last_row[t.locate];
            const uint16_t rfl = t.flags & (NT_FLAG_GAP | NT_FLAG_STALE);
            const bool same = lr.set && lr.bp == t.bid_px && lr.bq == t.bid_qty && lr.ap == t.ask_px
                              && lr.aq == t.ask_qty && lr.fl == rfl;
            lr = Row{t.bid_px, t.bid_qty, t.ask_px, t.ask_qty, rfl, true};
            if (csv && !same) {
                const char *fl = (t.flags & NT_FLAG_GAP) ? ((t.flags & NT_FLAG_STALE) ? "GAP|STALE" : "GAP")
                                                         : ((t.flags & NT_FLAG_STALE) ? "STALE" : "");
                fprintf(csv, "%llu,%u,%u,%u,%u,%u,%s\n", (unsigned long long)t.msg_ordinal, t.locate, t.bid_px,
                        t.bid_qty, t.ask_px, t.ask_qty, fl);
            }
            ordinal = t.msg_ordinal;
            ingress = t.ingress_ts;
            line = (t.flags & NT_FLAG_LINE_B) ? 1 : 0;
            if (want_latency) {
                auto it = msg_end.find(t.mold_seq);
                if (it != msg_end.end() && first_write_cyc >= it->second)
                    lat_msg.push_back((uint32_t)(first_write_cyc - it->second));
            }
            break;
        }
        case NT_REC_TRADE: {
            const struct nt_rec_trade &t = copy.trade;
            rec_trade++;
            if (trades) {
                char side[2] = {(char)t.side, 0};
                const char *fl = (t.flags & NT_FLAG_GAP) ? ((t.flags & NT_FLAG_STALE) ? "GAP|STALE" : "GAP")
                                                         : ((t.flags & NT_FLAG_STALE) ? "STALE" : "");
                fprintf(trades, "%llu,%u,%c,%s,%u,%llu,%llu,%c,%s\n", (unsigned long long)t.msg_ordinal, t.locate,
                        t.msg_type, side, t.price, (unsigned long long)t.shares,
                        (unsigned long long)t.match_number, t.printable ? t.printable : 'Y', fl);
            }
            ordinal = t.msg_ordinal;
            ingress = t.ingress_ts;
            line = (t.flags & NT_FLAG_LINE_B) ? 1 : 0;
            break;
        }
        case NT_REC_FEED_EVENT:
            rec_evt++;
            if (copy.event.event == NT_EVT_GAP)
                rec_gap_evt++;
            break;
        default:
            break;
        }
        if (want_latency && ordinal && ordinal != lat_last_ordinal) {
            lat_last_ordinal = ordinal;
            auto it = frame_end[line].find(ingress);
            bool found = it != frame_end[line].end();
            if (!found) {
                it = frame_end[line ^ 1].find(ingress);
                found = it != frame_end[line ^ 1].end();
            }
            if (!found)
                lat_miss++;
            else if (it->second == UINT64_MAX || cyc < it->second)
                lat_early++;   // cut-through: the record was written before its frame ended
            else   // the seq word is accepted at the next edge, while `cycle` reads cyc
                lat.push_back((uint32_t)(cyc - it->second));
        }
    }
};

// --------------------------------------------------------------- main loop

static void usage()
{
    fprintf(stderr,
            "usage: vcard (--in FILE [--in-b FILE] | --udp GROUP:PORT[@IFADDR] [--udp-b GROUP:PORT[@IFADDR]])\n"
            "             [--ring PATH] [--capacity N] [--evt-ring PATH] [--keep-ring]\n"
            "             [--csv OUT.csv] [--trades T.csv] [--pace] [--speed X] [--ifg CYCLES]\n"
            "             [--line-b-port P] [--port P] [--port-b P] [--per-packet K] [--drain CYCLES]\n"
            "             [--stats] [--stats-every SEC] [--report] [--quiet] [--cut-through] [--one-write]\n"
            "  --in FILE        pcap or ITCH BinaryFILE for line A (and B, see --line-b-port)\n"
            "  --in-b FILE      a second input for line B\n"
            "  --udp G:P        live UDP multicast for line A (--udp-b for line B)\n"
            "  --ring PATH      market-data ring file (default /dev/shm/nt-vcard-md-PID, removed at exit\n"
            "                   unless --keep-ring or --ring is given)\n"
            "  --capacity N     ring records, power of two (default 65536)\n"
            "  --evt-ring PATH  the card's second DMA engine also writes its feed events into this ring\n"
            "  --csv OUT.csv    canonical top-of-book CSV from the card's records\n"
            "  --trades T.csv   trade prints CSV (msg,locate,type,side,price,shares,match,printable,flags)\n"
            "  --pace           start frames at their capture time (divided by --speed X)\n"
            "  --ifg CYCLES     idle cycles between frames of a line (default 3)\n"
            "  --line-b-port P  frames of --in whose UDP destination port is P go to line B\n"
            "  --port P         card's UDP port filter for line A (--port-b for line B)\n"
            "  --per-packet K   BinaryFILE: messages per MoldUDP64 packet (default 16)\n"
            "  --stats          print every CSR counter (name=value) at the end\n"
            "  --stats-every S  a progress line (host side: frames, records, cycles) every S seconds\n"
            "  --report         cycle accounting: latency, throughput, simulator speed\n"
            "  --cut-through    the card's cut-through mode (CSR CTRL bit 5; default store and forward)\n"
            "  --one-write      one 64-byte DMA write per record (CSR CTRL bit 7; default three: BUSY, payload, seq)\n");
}

static uint64_t parse_u64(const char *opt, const char *v)
{
    char *end;
    errno = 0;
    unsigned long long x = strtoull(v, &end, 10);
    if (errno || *end || !*v || v[0] == '-')
        die("%s: '%s' is not a non-negative integer", opt, v);
    return x;
}

static double pct(std::vector<uint32_t> &v, double p)
{
    if (v.empty())
        return 0;
    size_t k = (size_t)(p * (double)(v.size() - 1) + 0.5);
    std::nth_element(v.begin(), v.begin() + (long)k, v.end());
    return v[k];
}

int main(int argc, char **argv)
{
    Options o;
    for (int i = 1; i < argc; i++) {
        std::string a = argv[i];
        auto val = [&](void) -> const char * {
            if (i + 1 >= argc)
                die("%s needs a value (vcard --help)", a.c_str());
            return argv[++i];
        };
        if (a == "--in")
            o.in = val();
        else if (a == "--in-b")
            o.in_b = val();
        else if (a == "--udp")
            o.udp = val();
        else if (a == "--udp-b")
            o.udp_b = val();
        else if (a == "--ring")
            o.ring = val();
        else if (a == "--evt-ring")
            o.evt_ring = val();
        else if (a == "--csv" || a == "--out")
            o.csv = val();
        else if (a == "--trades")
            o.trades = val();
        else if (a == "--capacity")
            o.capacity = parse_u64("--capacity", val());
        else if (a == "--pace")
            o.pace = true;
        else if (a == "--speed") {
            const char *v = val();
            o.speed = atof(v);
            if (!(o.speed > 0))
                die("--speed: '%s' must be a positive number", v);
        } else if (a == "--ifg")
            o.ifg = (unsigned)parse_u64("--ifg", val());
        else if (a == "--line-b-port")
            o.line_b_port = (int)parse_u64("--line-b-port", val());
        else if (a == "--port")
            o.port = (int)parse_u64("--port", val());
        else if (a == "--port-b")
            o.port_b = (int)parse_u64("--port-b", val());
        else if (a == "--per-packet")
            o.per_packet = (unsigned)parse_u64("--per-packet", val());
        else if (a == "--drain")
            o.drain = parse_u64("--drain", val());
        else if (a == "--stats")
            o.stats = true;
        else if (a == "--stats-every") {
            const char *v = val();
            o.stats_every = atof(v);
            if (!(o.stats_every > 0))
                die("--stats-every: '%s' must be a positive number of seconds", v);
        }
        else if (a == "--report")
            o.report = true;
        else if (a == "--cut-through")
            o.cut_through = true;
        else if (a == "--one-write")
            o.one_write = true;
        else if (a == "--keep-ring")
            o.keep_ring = true;
        else if (a == "--quiet")
            o.quiet = true;
        else if (a == "-h" || a == "--help") {
            usage();
            return 0;
        } else {
            usage();
            die("unknown option '%s'", a.c_str());
        }
    }
    if (!o.in && !o.udp)
        die("an input is required: --in FILE or --udp GROUP:PORT (vcard --help)");
    if (o.in && o.udp)
        die("--in and --udp are exclusive");
    if (o.in_b && !o.in)
        die("--in-b needs --in");
    if (o.udp_b && !o.udp)
        die("--udp-b needs --udp");
    if (o.capacity < NT_RING_MIN_CAPACITY || o.capacity > NT_RING_MAX_CAPACITY || (o.capacity & (o.capacity - 1)))
        die("--capacity %llu: a power of two from %u to %u", (unsigned long long)o.capacity, NT_RING_MIN_CAPACITY,
            NT_RING_MAX_CAPACITY);
    if (o.per_packet < 1 || o.per_packet > 0xFFFE)
        die("--per-packet: 1..65534");
    if (o.line_b_port > 65535 || o.port > 65535 || o.port_b > 65535)
        die("ports are 0..65535");

    std::vector<std::unique_ptr<Source>> src;
    if (o.in) {
        src.push_back(open_input(o.in, 0, o.line_b_port, o.per_packet));
        if (o.in_b)
            src.push_back(open_input(o.in_b, 1, -1, o.per_packet));
    } else {
        src.push_back(std::make_unique<UdpSource>(o.udp, 0));
        if (o.udp_b)
            src.push_back(std::make_unique<UdpSource>(o.udp_b, 1));
    }
    bool live = o.udp != nullptr;

    std::string ring_path;
    bool remove_ring = false;
    if (o.ring)
        ring_path = o.ring;
    else {
        ring_path = "/dev/shm/nt-vcard-md-" + std::to_string(getpid());
        remove_ring = !o.keep_ring;
    }
    o.ring = ring_path.c_str();

    FILE *csv = nullptr, *trades = nullptr;
    if (o.csv) {
        csv = strcmp(o.csv, "-") == 0 ? stdout : fopen(o.csv, "w");
        if (!csv)
            die("cannot write '%s': %s", o.csv, strerror(errno));
        setvbuf(csv, nullptr, _IOFBF, 1 << 20);
        fputs("msg,locate,bid_px,bid_qty,ask_px,ask_qty,flags\n", csv);
    }
    if (o.trades) {
        trades = fopen(o.trades, "w");
        if (!trades)
            die("cannot write '%s': %s", o.trades, strerror(errno));
        fputs("msg,locate,type,side,price,shares,match,printable,flags\n", trades);
    }

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);

    auto ctx = std::make_unique<VerilatedContext>();
    ctx->commandArgs(1, argv);
    auto top = std::make_unique<Vnt_card_core>(ctx.get());
    Card card(top.get());
    card.csv = csv;
    card.trades = trades;
    card.want_latency = o.report;
    card.reset();
    card.open_rings(o);
    if (!o.quiet)
        fprintf(stderr, "vcard: ring %s (%llu records)%s%s, input %s%s%s, %s\n", o.ring,
                (unsigned long long)o.capacity, o.evt_ring ? ", events also in " : "", o.evt_ring ? o.evt_ring : "",
                o.in ? o.in : o.udp, (o.in_b || o.udp_b) ? " + line B " : "",
                o.in_b ? o.in_b : (o.udp_b ? o.udp_b : ""), o.pace ? "paced" : "as fast as possible");

    Line lines[2];
    // Merge of the sources by timestamp (file order within one source).
    std::vector<Frame> head(src.size());
    std::vector<int> head_state(src.size(), -1);   // -1 unknown, PULL_*
    uint64_t prev_end = 0;        // end cycle of the previously scheduled frame
    bool any_scheduled = false;
    bool inputs_done = false;
    uint64_t refill_wait = 0;   // idle cycles clocked only because a refill was running
    uint64_t first_ts = 0, wall0 = 0;
    bool have_ts0 = false;
    uint64_t in_bytes = 0, in_frames = 0;
    uint64_t first_beat_cycle = 0, last_beat_cycle = 0;
    bool any_beat = false;
    uint64_t t_start = mono_ns();
    uint64_t pending = 0;   // frames scheduled, not finished
    bool stopping = false;

    auto schedule_one = [&](int which) {
        Frame &f = head[which];
        Line &ln = lines[f.line];
        size_t beats = f.data.empty() ? 1 : (f.data.size() + 7) / 8;
        // start >= now, >= the line's free cycle, and end after the previous frame's end
        uint64_t s = std::max(card.cyc, ln.free_at);
        if (any_scheduled && prev_end + 1 > s + beats - 1)
            s = prev_end + 2 - beats;
        uint64_t e = s + beats - 1;
        prev_end = e;
        any_scheduled = true;
        ln.free_at = e + 1 + o.ifg;
        ln.queue.emplace_back(std::move(f), s);
        head_state[which] = -1;
        pending++;
    };

    uint64_t next_progress = mono_ns() + (uint64_t)(o.stats_every * 1e9);
    auto progress = [&]() {
        uint64_t now = mono_ns();
        if (now < next_progress)
            return;
        next_progress = now + (uint64_t)(o.stats_every * 1e9);
        fprintf(stderr, "vcard: t=%.1fs frames=%llu (a=%llu b=%llu) records=%llu (tob=%llu trade=%llu event=%llu "
                        "stale=%llu gap_events=%llu) cycles=%llu\n",
                (double)(now - t_start) / 1e9, (unsigned long long)in_frames, (unsigned long long)lines[0].frames,
                (unsigned long long)lines[1].frames, (unsigned long long)card.rec_count,
                (unsigned long long)card.rec_tob, (unsigned long long)card.rec_trade,
                (unsigned long long)card.rec_evt, (unsigned long long)card.rec_stale,
                (unsigned long long)card.rec_gap_evt, (unsigned long long)card.cyc);
    };

    for (;;) {
        if (g_stop && !stopping) {
            stopping = true;
            inputs_done = true;
            for (auto &ln : lines) {   // frames not started are not sent
                size_t keep = ln.cur ? 1 : 0;
                while (ln.queue.size() > keep) {
                    ln.queue.pop_back();
                    pending--;
                }
            }
        }
        // pull frames: keep a few scheduled ahead
        while (!inputs_done && pending < 4) {
            for (size_t k = 0; k < src.size(); k++)
                if (head_state[k] == -1 || head_state[k] == PULL_NONE_YET) {
                    if (head_state[k] == PULL_END)
                        continue;
                    head_state[k] = src[k]->next(head[k]);
                }
            int best = -1;
            bool all_end = true;
            bool waiting = false;
            for (size_t k = 0; k < src.size(); k++) {
                if (head_state[k] != PULL_END)
                    all_end = false;
                if (head_state[k] == PULL_NONE_YET)
                    waiting = true;
                if (head_state[k] == PULL_FRAME && (best < 0 || head[k].ts_ns < head[best].ts_ns))
                    best = (int)k;
            }
            if (all_end) {
                inputs_done = true;
                break;
            }
            // files: wait for every file's head to pick the earliest; live: take what came
            if (best < 0 || (waiting && !live))
                break;
            if (o.pace && !live) {
                if (!have_ts0) {
                    first_ts = head[best].ts_ns;
                    wall0 = mono_ns();
                    have_ts0 = true;
                }
                uint64_t rel = head[best].ts_ns > first_ts ? head[best].ts_ns - first_ts : 0;
                uint64_t due = wall0 + (uint64_t)((double)rel / o.speed);
                if (mono_ns() < due) {
                    // the card idles meanwhile; sleep when it has nothing in flight
                    if (pending == 0 && card.cyc - card.last_activity > o.drain) {
                        uint64_t now = mono_ns();
                        uint64_t d = due - now;
                        if (d > 5000000)
                            d = 5000000;
                        struct timespec ts = {0, (long)d};
                        nanosleep(&ts, nullptr);
                        card.heartbeat();
                        if (o.stats_every > 0)
                            progress();
                    }
                    break;
                }
            }
            Frame &f = head[best];
            if (src.size() > 1)
                f.line = (int)best;   // --in-b / --udp-b: second source is line B
            schedule_one(best);
        }
        // drive one cycle
        bool busy = false;
        for (int l = 0; l < 2; l++) {
            Line &ln = lines[l];
            if (!ln.cur && !ln.queue.empty() && ln.queue.front().second <= card.cyc) {
                ln.cur = &ln.queue.front().first;
                ln.cur_start = card.cyc;
                if (card.want_latency) {
                    card.note_frame(ln.cur->data, card.cyc);
                    card.frame_end[l][card.cyc] = UINT64_MAX;   // until its last beat
                }
                ln.beat = 0;
                ln.beats = ln.cur->data.empty() ? 1 : (ln.cur->data.size() + 7) / 8;
            }
            uint64_t data = 0;
            uint8_t keep = 0;
            bool valid = false, last = false, user = false;
            if (ln.cur) {
                const std::vector<uint8_t> &d = ln.cur->data;
                size_t o8 = ln.beat * 8;
                size_t n = d.size() > o8 ? std::min<size_t>(8, d.size() - o8) : 0;
                for (size_t b = 0; b < n; b++)
                    data |= (uint64_t)d[o8 + b] << (8 * b);
                keep = (uint8_t)(n == 8 ? 0xFF : ((1u << n) - 1));
                if (n == 0)
                    keep = 1;
                valid = true;
                last = ln.beat + 1 == ln.beats;
                user = last && (d.empty() || d.size() < ln.cur->orig_len);
                busy = true;
                if (!any_beat) {
                    first_beat_cycle = card.cyc;
                    any_beat = true;
                }
                last_beat_cycle = card.cyc;
            }
            if (l == 0) {
                top->s_axis_a_tdata = data;
                top->s_axis_a_tkeep = keep;
                top->s_axis_a_tvalid = valid;
                top->s_axis_a_tlast = last;
                top->s_axis_a_tuser = user;
            } else {
                top->s_axis_b_tdata = data;
                top->s_axis_b_tkeep = keep;
                top->s_axis_b_tvalid = valid;
                top->s_axis_b_tlast = last;
                top->s_axis_b_tuser = user;
            }
            if (ln.cur && last) {
                if (card.want_latency)
                    card.frame_end[l][ln.cur_start] = card.cyc;
                ln.frames++;
                ln.bytes += ln.cur->data.size();
                in_bytes += ln.cur->data.size();
                in_frames++;
                ln.cur = nullptr;
                ln.queue.pop_front();
                pending--;
            } else if (ln.cur) {
                ln.beat++;
            }
        }
        card.tick();
        if (busy)
            card.last_activity = card.cyc;
        if ((card.cyc & 0xFFFF) == 0) {
            card.heartbeat();
            if (o.stats_every > 0)
                progress();
        }
        bool quiet = pending == 0 && card.cyc - card.last_activity > o.drain;
        if (!quiet) {
            refill_wait = 0;
        } else if (refill_wait < (1ull << 23) && card.refill_busy()) {
            // still refilling: clock on (look again in 4096 cycles, or after --drain if shorter); a
            // scan of the Alveo set takes about 2^18 cycles: 2^23 is a bound, not an expected wait
            uint64_t back = o.drain > 4096 ? o.drain - 4096 : 0;
            refill_wait += card.cyc - card.last_activity - back;
            card.last_activity = card.cyc - back;
            quiet = false;
            if (refill_wait >= (1ull << 23))
                warn("the card's refill was still busy after %llu idle cycles: not waiting for it",
                     (unsigned long long)refill_wait);
        }
        if (inputs_done && quiet)
            break;
        if (live && !inputs_done && quiet) {
            // nothing in flight: wait for datagrams instead of clocking an idle card
            struct pollfd pf[2];
            int np = 0;
            for (auto &s : src)
                pf[np++] = {s->fd(), POLLIN, 0};
            poll(pf, (nfds_t)np, 100);
            card.heartbeat();
            if (o.stats_every > 0)
                progress();
            if (g_stop)
                continue;
        }
    }
    uint64_t t_end = mono_ns();
    top->s_axis_a_tvalid = 0;
    top->s_axis_b_tvalid = 0;

    // counters over AXI-Lite
    std::vector<uint64_t> cnt(128, 0);
    for (int k = 0; k < N_COUNTERS; k++)
        cnt[(size_t)COUNTERS[k].idx] = card.counter(COUNTERS[k].idx);
    uint64_t prod_csr = (uint64_t)card.csr_read(0x024) | (uint64_t)card.csr_read(0x028) << 32;
    if (prod_csr != card.last_prod)
        card.seq_errors++;

    if (csv && csv != stdout && fclose(csv) != 0)
        die("writing '%s': %s", o.csv, strerror(errno));
    if (csv == stdout)
        fflush(stdout);
    if (trades)
        fclose(trades);

    uint64_t frame_drops = 0;
    for (int k = 0; k < N_COUNTERS; k++) {
        int i = COUNTERS[k].idx;
        if ((i >= 1 && i <= 9) || (i >= 17 && i <= 25))
            frame_drops += cnt[(size_t)i];
    }
    uint64_t bad_input = 0;
    for (auto &s : src)
        bad_input += s->bad;
    double wall = (double)(t_end - t_start) / 1e9;
    uint64_t msgs = cnt[75];

    if (o.stats) {
        for (int k = 0; k < N_COUNTERS; k++)
            fprintf(stderr, "%s=%llu\n", COUNTERS[k].name, (unsigned long long)cnt[(size_t)COUNTERS[k].idx]);
        fprintf(stderr, "host.records=%llu\nhost.tob=%llu\nhost.trade=%llu\nhost.event=%llu\nhost.gap_events=%llu\n"
                        "host.seq_errors=%llu\nhost.dma_errors=%llu\nhost.dma_writes=%llu\ninput.bad=%llu\n",
                (unsigned long long)card.rec_count, (unsigned long long)card.rec_tob,
                (unsigned long long)card.rec_trade, (unsigned long long)card.rec_evt,
                (unsigned long long)card.rec_gap_evt, (unsigned long long)card.seq_errors,
                (unsigned long long)card.dma_errors, (unsigned long long)card.dma_writes,
                (unsigned long long)bad_input);
    }

    if (o.report) {
        std::vector<uint32_t> &v = card.lat;
        uint32_t mn = v.empty() ? 0 : *std::min_element(v.begin(), v.end());
        uint32_t mx = v.empty() ? 0 : *std::max_element(v.begin(), v.end());
        double med = pct(v, 0.5), p99 = pct(v, 0.99);
        uint64_t span = any_beat && card.last_rec_cycle > first_beat_cycle ? card.last_rec_cycle - first_beat_cycle + 1
                                                                            : 0;
        uint64_t in_span = any_beat ? last_beat_cycle - first_beat_cycle + 1 : 0;
        double mpc = span ? (double)msgs / (double)span : 0;
        const double f1 = 156.25e6, f2 = 322.265625e6;
        std::vector<uint32_t> &vm = card.lat_msg;
        size_t le12 = 0;
        for (uint32_t x : vm)
            le12 += x <= 12;
        uint32_t mmn = vm.empty() ? 0 : *std::min_element(vm.begin(), vm.end());
        uint32_t mmx = vm.empty() ? 0 : *std::max_element(vm.begin(), vm.end());
        double mmed = pct(vm, 0.5), mp90 = pct(vm, 0.9), mp99 = pct(vm, 0.99);
        printf("vcard cycle report: %s\n", o.in ? o.in : o.udp);
        printf("  mode                %s, %s\n", o.cut_through ? "cut-through (CTRL bit 5)" : "store and forward",
               o.one_write ? "one DMA write per record (CTRL bit 7)" : "three DMA writes per record (BUSY, payload, seq)");
        printf("  latency (cycles)    min %u  median %.0f  p90 %.0f  p99 %.0f  max %u   (%.1f%% <= 12) over %zu "
               "top-of-book records\n", mmn, mmed, mp90, mp99, mmx, vm.empty() ? 0.0 : 100.0 * (double)le12 / (double)vm.size(),
               vm.size());
        printf("                      beat holding the message's last byte (first copy) -> first DMA write of its record\n");
        printf("  messages            %llu (in %llu frames, %llu bytes; %llu records)\n", (unsigned long long)msgs,
               (unsigned long long)in_frames, (unsigned long long)in_bytes, (unsigned long long)card.rec_count);
        printf("  latency (cycles)    min %u  median %.0f  p99 %.0f  max %u   over %zu messages with a record\n", mn,
               med, p99, mx, v.size());
        printf("                      last beat of the frame in -> the record's seq word written%s\n",
               card.lat_early ? " (records written before their frame's end not counted)" : "");
        printf("  latency (ns)        @156.25 MHz: min %.1f median %.1f p99 %.1f max %.1f\n", mn / f1 * 1e9,
               med / f1 * 1e9, p99 / f1 * 1e9, mx / f1 * 1e9);
        printf("                      @322.27 MHz: min %.1f median %.1f p99 %.1f max %.1f\n", mn / f2 * 1e9,
               med / f2 * 1e9, p99 / f2 * 1e9, mx / f2 * 1e9);
        printf("  throughput          %.4f messages/cycle (%.2f cycles/message) over %llu cycles\n", mpc,
               mpc > 0 ? 1 / mpc : 0.0, (unsigned long long)span);
        printf("                      = %.1f ns/message, %.1f M messages/s @156.25 MHz;"
               " %.1f ns/message, %.1f M messages/s @322.27 MHz\n",
               mpc > 0 ? 1e9 / (mpc * f1) : 0.0, mpc * f1 / 1e6, mpc > 0 ? 1e9 / (mpc * f2) : 0.0, mpc * f2 / 1e6);
        double bpc = in_span ? (double)in_bytes / (double)in_span : 0;
        printf("  line rate           input %.2f bytes/cycle over %llu cycles of input = %.2f Gbit/s @156.25 MHz,"
               " %.2f Gbit/s @322.27 MHz\n", bpc, (unsigned long long)in_span, bpc * 8 * f1 / 1e9, bpc * 8 * f2 / 1e9);
        printf("                      (one 64-bit beat per cycle per line, --ifg %u; frames dropped on the card: %llu,"
               " records dropped: %llu)\n", o.ifg, (unsigned long long)frame_drops, (unsigned long long)cnt[74]);
        printf("  simulator           %.0f cycles/s, %.0f messages/s (%llu cycles in %.2f s wall)\n",
               (double)card.cyc / wall, (double)msgs / wall, (unsigned long long)card.cyc, wall);
        if (card.lat_early)
            printf("  (%llu records written before their frame ended: cut-through)\n", (unsigned long long)card.lat_early);
        if (card.lat_miss)
            printf("  (%llu records whose ingress stamp matched no frame)\n", (unsigned long long)card.lat_miss);
        fflush(stdout);
    }

    if (frame_drops > 0 || cnt[74] > 0) {   // say what was dropped, by cause
        std::string causes;
        for (int k = 0; k < N_COUNTERS; k++) {
            int i = COUNTERS[k].idx;
            if (((i >= 1 && i <= 9) || (i >= 17 && i <= 25) || i == 74) && cnt[(size_t)i]) {
                char b[96];
                snprintf(b, sizeof b, " %s=%llu", COUNTERS[k].name, (unsigned long long)cnt[(size_t)i]);
                causes += b;
            }
        }
        fprintf(stderr, "vcard: the card dropped %llu malformed or overflowing frames and %llu records:%s\n",
                (unsigned long long)frame_drops, (unsigned long long)cnt[74], causes.c_str());
    }

    // final stats line
    fprintf(stderr,
            "vcard: %s frames=%llu (a=%llu b=%llu) messages=%llu records=%llu (tob=%llu trade=%llu event=%llu "
            "stale=%llu) gaps=%llu frame_drops=%llu ring_dropped=%llu bad_input=%llu seq_errors=%llu dma_errors=%llu "
            "cycles=%llu wall=%.2fs sim=%.0f cycles/s\n",
            g_stop ? "stopped by signal:" : "done:", (unsigned long long)in_frames, (unsigned long long)lines[0].frames,
            (unsigned long long)lines[1].frames, (unsigned long long)msgs, (unsigned long long)card.rec_count,
            (unsigned long long)card.rec_tob, (unsigned long long)card.rec_trade, (unsigned long long)card.rec_evt,
            (unsigned long long)card.rec_stale, (unsigned long long)cnt[38], (unsigned long long)frame_drops,
            (unsigned long long)cnt[74], (unsigned long long)bad_input, (unsigned long long)card.seq_errors,
            (unsigned long long)card.dma_errors, (unsigned long long)card.cyc, wall, (double)card.cyc / wall);

    top->final();
    card.md.prod = card.last_prod;   // close publishes r->prod as prod_index
    nt_ring_close_producer(&card.md);
    if (card.have_evt)
        nt_ring_close_producer(&card.evt);
    if (remove_ring)
        unlink(ring_path.c_str());
    return (card.seq_errors || card.dma_errors) ? 1 : 0;
}
