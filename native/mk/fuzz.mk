# libFuzzer harness (native/fuzz/): `make -C native fuzz` builds
# build/fuzz_feed with clang 14, ASan and UBSan.  Not part of `all`
# (tools/suites/15-feed.sh builds and runs it for ~60 s).
FUZZ_CC     ?= $(shell command -v clang-14 2>/dev/null || command -v clang 2>/dev/null)
FUZZ_CFLAGS := -O1 -g -std=gnu11 -Wall -Wextra -Werror -Iinclude -Ifeed \
               -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer

$(B)/fuzz_feed: fuzz/fuzz_feed.c feed/feed.c feed/nt_feed.h include/nanotick/ring.h include/nanotick/ring_io.h
	@mkdir -p $(dir $@)
	@[ -n "$(FUZZ_CC)" ] || { echo "fuzz: clang not found (apt-get install clang libclang-rt-14-dev)"; exit 1; }
	$(FUZZ_CC) $(FUZZ_CFLAGS) fuzz/fuzz_feed.c feed/feed.c -o $@

fuzz: $(B)/fuzz_feed
.PHONY: fuzz
