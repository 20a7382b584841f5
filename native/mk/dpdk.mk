# nanotick-dpdk (native/dpdk/): built only when pkg-config finds libdpdk,
# so `make -C native` still works on a machine without DPDK.
DPDK_PC := $(shell pkg-config --exists libdpdk 2>/dev/null && echo yes)
ifeq ($(DPDK_PC),yes)
DPDK_CFLAGS := $(shell pkg-config --cflags libdpdk)
DPDK_LIBS   := $(shell pkg-config --libs libdpdk)

$(B)/obj/dpdk/main.o: dpdk/main.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Ifeed $(DPDK_CFLAGS) -c $< -o $@

$(B)/nanotick-dpdk: $(B)/obj/dpdk/main.o $(B)/libntfeed.a $(LIBRING)
	$(CC) $(CFLAGS) $^ -o $@ $(LDFLAGS) $(DPDK_LIBS)

BINS += $(B)/nanotick-dpdk
endif
