package io.nanotick.itch;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real NASDAQ captures in ../shared/data, checked against independent
 * expectations: tshark's MoldUDP64 dissector (block sequence numbers and bytes,
 * UDP payloads), the counts in shared/README.md (190 datagrams, 227 ITCH
 * messages, every type of A D U F H E Y X P C L I Q N J S), and the
 * BinaryFILE fixture's documented contents (R=993, H=3, Y=3, S=1; locate 13 = AAPL).
 */
class RealCaptureTest
{
    private static Path data;

    @BeforeAll
    static void locate()
    {
        final String root = System.getProperty("nt.root", System.getenv().getOrDefault("NT_ROOT", "."));
        data = Path.of(root).resolve("../shared/data").normalize();
    }

    private static List<Path> pcaps() throws IOException
    {
        final Path dir = data.resolve("nasdaq-itch50-pcaps");
        assumeTrue(Files.isDirectory(dir), "no " + dir);
        try (Stream<Path> s = Files.walk(dir))
        {
            return s.filter(p -> p.toString().endsWith(".pcap")).sorted().toList();
        }
    }

    private static boolean have(final String tool)
    {
        return Stream.of(System.getenv("PATH").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
    }

    private static List<String> run(final List<String> cmd) throws IOException, InterruptedException
    {
        final Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertEquals(0, p.waitFor(), String.join(" ", cmd));
        return out.lines().toList();
    }

    /** Per frame of the concatenation: "payload|seqs|blocks" as my decoders see it. */
    private static List<String> mine(final Path merged) throws IOException
    {
        final List<String> rows = new ArrayList<>();
        final UdpFrameDecoder lax = new UdpFrameDecoder().checkIpChecksum(false);
        final MoldUdp64Packet p = new MoldUdp64Packet();
        try (MappedFile f = MappedFile.map(merged))
        {
            new PcapReader().read(f.segment(), (buffer, offset, length, wire, ts) ->
            {
                assertEquals(UdpFrameDecoder.UDP, lax.decode(buffer, offset, length, wire));
                final int po = lax.payloadOffset();
                final int pl = lax.payloadLength();
                final StringBuilder seqs = new StringBuilder();
                final StringBuilder blocks = new StringBuilder();
                if (lax.dstPort() == 26477)
                {
                    p.wrap(buffer, po, pl);
                    int b = p.firstBlock();
                    for (int i = 0; i < p.messageCount(); i++)
                    {
                        seqs.append(i == 0 ? "" : ",").append(p.sequenceNumber() + i);
                        blocks.append(i == 0 ? "" : ",").append(Hex.of(buffer, MoldUdp64Packet.blockMessage(b), p.blockLength(b)));
                        b = p.nextBlock(b);
                    }
                }
                rows.add(Hex.of(buffer, po, pl) + "|" + seqs + "|" + blocks);
            });
        }
        return rows;
    }

    @Test
    void framesAndMoldBlocksAgreeWithTshark() throws Exception
    {
        final List<Path> files = pcaps();
        assumeTrue(have("tshark") && have("mergecap"), "tshark/mergecap not installed");
        final Path merged = Files.createTempFile("nt-itch-merged", ".pcap");
        try
        {
            final List<String> cmd = new ArrayList<>(List.of("mergecap", "-a", "-F", "pcap", "-w", merged.toString()));
            files.forEach(f -> cmd.add(f.toString()));
            run(cmd);
            final List<String> theirs = run(List.of("tshark", "-r", merged.toString(), "-d", "udp.port==26477,moldudp64",
                "-T", "fields", "-E", "separator=|", "-e", "udp.payload", "-e", "moldudp64.msgseq", "-e", "moldudp64.msgdata"));
            final List<String> ours = mine(merged);
            assertEquals(190, ours.size(), "datagrams (shared/README.md)");
            assertEquals(theirs, ours);
        }
        finally
        {
            Files.deleteIfExists(merged);
        }
    }

    @Test
    void everyMessageDecodesAndTheCountsMatchTheReadme() throws Exception
    {
        final Map<Character, Integer> types = new TreeMap<>();
        final ItchDecoder decoder = new ItchDecoder();
        final ItchHandler none = new ItchHandler()
        {
        };
        final UdpFrameDecoder strict = new UdpFrameDecoder();
        final UdpFrameDecoder lax = new UdpFrameDecoder().checkIpChecksum(false);
        final MoldUdp64Packet p = new MoldUdp64Packet();
        final int[] frames = {0, 0};
        for (final Path file : pcaps())
        {
            final boolean synthetic = file.getParent().getFileName().toString().endsWith(".20230822");
            try (MappedFile f = MappedFile.map(file))
            {
                new PcapReader().read(f.segment(), (buffer, offset, length, wire, ts) ->
                {
                    frames[0]++;
                    final int rc = strict.decode(buffer, offset, length, wire);
                    if (synthetic)
                    {
                        // documented: the synthetic wrapper carries IPv4 checksum 0, so engines drop it
                        assertEquals(UdpFrameDecoder.MALFORMED, rc, file.toString());
                        assertEquals(UdpFrameDecoder.CAUSE_BAD_IP_CHECKSUM, strict.cause());
                    }
                    else
                    {
                        assertEquals(UdpFrameDecoder.UDP, rc, file.toString());
                        frames[1]++;
                    }
                    assertEquals(UdpFrameDecoder.UDP, lax.decode(buffer, offset, length, wire));
                    p.wrap(buffer, lax.payloadOffset(), lax.payloadLength());
                    assertEquals(p.messageCount(), p.validBlocks());
                    int b = p.firstBlock();
                    for (int i = 0; i < p.messageCount(); i++)
                    {
                        final int at = MoldUdp64Packet.blockMessage(b);
                        assertTrue(decoder.decode(buffer, at, p.blockLength(b), none), file + " block " + i);
                        types.merge((char)buffer.getByte(at), 1, Integer::sum);
                        b = p.nextBlock(b);
                    }
                    assertEquals(p.end(), b, "no trailing bytes");
                });
            }
        }
        assertEquals(190, frames[0]);
        assertEquals(227, decoder.decoded());
        assertEquals(0, decoder.unknownType() + decoder.badLength());
        assertEquals("[A, C, D, E, F, H, I, J, L, N, P, Q, S, U, X, Y]", types.keySet().toString());
    }

    @Test
    void binaryFileFixture() throws Exception
    {
        final Path file = data.resolve("nasdaq-binaryfile/head-of-day-1000.itch");
        assumeTrue(Files.isRegularFile(file), "no " + file);
        final Map<Character, Integer> types = new TreeMap<>();
        final String[] aapl = {null};
        final FeedReplay replay = new FeedReplay();
        final ItchDecoder decoder = new ItchDecoder();
        final ItchHandler h = new ItchHandler()
        {
            @Override
            public void onStockDirectory(final StockDirectoryMessage m)
            {
                if (m.stockLocate() == 13)
                {
                    aapl[0] = m.stock();
                }
            }
        };
        replay.replay(file, (DirectBuffer buffer, int offset, int length, long seq) ->
        {
            types.merge((char)buffer.getByte(offset), 1, Integer::sum);
            assertTrue(decoder.decode(buffer, offset, length, h));
        });
        assertEquals(Map.of('R', 993, 'H', 3, 'Y', 3, 'S', 1), types);
        assertEquals(1000, replay.binaryFileReader().messages());
        assertEquals(0, replay.binaryFileReader().truncated());
        assertEquals("AAPL", aapl[0]);
    }

    @Test
    void multiplePacketsCaptureThroughTheSequencer() throws Exception
    {
        // two packets: seq 14764496 (1 message), then 19009117 (38 messages): one gap
        final Path file = data.resolve("nasdaq-itch50-pcaps/Nasdaq.Equities.TotalView.Itch.v5.0/Multiple.Packets.pcap");
        assumeTrue(Files.isRegularFile(file));
        final FeedReplay replay = new FeedReplay(26477);
        final List<Long> seqs = new ArrayList<>();
        final long[] gap = {0, 0};
        replay.replay(file, new MoldUdp64Listener()
        {
            @Override
            public void onMessage(final DirectBuffer buffer, final int offset, final int length, final long seq)
            {
                seqs.add(seq);
            }

            @Override
            public void onGap(final long expected, final long received)
            {
                gap[0] = expected;
                gap[1] = received;
            }
        });
        assertEquals(39, seqs.size());
        assertEquals(14764496L, seqs.get(0));
        assertEquals(19009117L, seqs.get(1));
        assertEquals(19009154L, seqs.get(38));
        assertArrayEquals(new long[]{14764497L, 19009117L}, gap);
        assertEquals(2, replay.udpFrames());
    }

    @Test
    void pcapWriterOutputReadsBack() throws Exception
    {
        final Path tmp = Files.createTempFile("nt-itch-writer", ".pcap");
        try
        {
            final UnsafeBuffer payload = new UnsafeBuffer(new byte[64]);
            final MoldUdp64Packet p = new MoldUdp64Packet().wrapForEncode(payload, 0, 64).session("NANOTICK01").sequenceNumber(1);
            final int at = p.reserve(OrderDeleteMessage.LENGTH);
            new OrderDeleteMessage().wrapForEncode(payload, at).stockLocate(7).orderReferenceNumber(42);
            try (PcapWriter w = new PcapWriter(Files.newOutputStream(tmp)))
            {
                w.vlan(141).writeUdp(1_000_000_123L, payload, 0, p.length());
            }
            final List<Long> refs = new ArrayList<>();
            final FeedReplay replay = new FeedReplay();
            replay.replay(tmp, (buffer, offset, length, seq) -> refs.add(buffer.getLong(offset + 11, java.nio.ByteOrder.BIG_ENDIAN)));
            assertEquals(List.of(42L), refs);
            if (have("tshark"))
            {
                final List<String> t = run(List.of("tshark", "-r", tmp.toString(), "-d", "udp.port==26477,moldudp64", "-T", "fields",
                    "-e", "vlan.id", "-e", "ip.checksum.status", "-e", "moldudp64.session", "-e", "moldudp64.msgseq", "-e", "frame.time_epoch",
                    "-o", "ip.check_checksum:TRUE"));
                assertEquals(1, t.size());
                final String[] f = t.get(0).split("\t");
                assertEquals("141", f[0]);
                assertEquals("1", f[1], "tshark: IPv4 checksum good"); // tshark status: 0 bad, 1 good, 2 unverified
                assertEquals("NANOTICK01", f[2]);
                assertEquals("1", f[3]);
                assertTrue(f[4].startsWith("1.000000123"), f[4]);
            }
        }
        finally
        {
            Files.deleteIfExists(tmp);
        }
    }
}
