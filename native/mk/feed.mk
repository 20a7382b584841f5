# C feed handler (native/feed/): libntfeed.a, nanotick-bbo, generator,
# benchmark, unit tests.
FEED_LIB  := $(B)/libntfeed.a
FEED_OBJS := $(B)/obj/feed/feed.o $(B)/obj/feed/replay.o

$(FEED_LIB): $(FEED_OBJS)
	@mkdir -p $(dir $@)
	ar rcs $@ $^

$(B)/nanotick-bbo: $(B)/obj/feed/bbo.o $(FEED_LIB) $(LIBRING)
	$(CC) $(CFLAGS) $^ -o $@ $(LDFLAGS)

$(B)/nanotick-feedgen: $(B)/obj/feed/gen.o
	$(CC) $(CFLAGS) $^ -o $@ $(LDFLAGS)

$(B)/nanotick-feedbench: $(B)/obj/feed/bench.o $(FEED_LIB) $(LIBRING)
	$(CC) $(CFLAGS) $^ -o $@ $(LDFLAGS)

$(B)/test_feed: $(B)/obj/feed/test_feed.o $(FEED_LIB) $(LIBRING)
	$(CC) $(CFLAGS) $^ -o $@ $(LDFLAGS)

$(B)/nanotick-ringdump: $(B)/obj/feed/ringdump.o $(LIBRING)
	$(CC) $(CFLAGS) $^ -o $@ $(LDFLAGS)

# LD_PRELOAD malloc/syscall-free check for the hot loop (see docs/software-path.md)
$(B)/libntalloccount.so: feed/alloccount.c
	$(CC) $(CFLAGS) -fPIC -shared $< -o $@ -ldl

BINS  += $(B)/nanotick-bbo $(B)/nanotick-ringdump $(B)/nanotick-feedgen $(B)/nanotick-feedbench $(B)/libntalloccount.so
TESTS += $(B)/test_feed
