# Ring ABI tools and tests (native/tools/ring_*.c, native/tests/ring_*.c).
RING_BINS  := $(B)/ring_layout $(B)/ring_producer $(B)/ring_consumer $(B)/ring_bench
RING_TESTS := $(B)/ring_test_basic $(B)/ring_test_bad $(B)/ring_test_xproc

$(B)/ring_%: $(B)/obj/tools/ring_%.o $(LIBRING)
	$(CC) $(CFLAGS) $^ -o $@ $(LDFLAGS)

$(B)/ring_test_%: $(B)/obj/tests/ring_test_%.o $(LIBRING)
	$(CC) $(CFLAGS) $^ -o $@ $(LDFLAGS)

BINS  += $(RING_BINS)
TESTS += $(RING_TESTS)
