# SPDX-License-Identifier: GPL-2.0
# aether: user entry points.
#
#   make            module (aether.ko), libaether.a and the tools
#   make demo       the module at work in a VM on null_blk
#   make check      every test suite; ends with "N passed, N failed"
#   make bench      benchmarks (decision cost; fio side by side in a VM)
#   make install    library, headers and tools (PREFIX, DESTDIR honoured)
#   make kunit      the KUnit suites on User-Mode Linux (scripts/kunit.sh)
#   make kunit-module KDIR=...   aether_kunit.ko for a kernel with CONFIG_KUNIT
#   make deb        aether-dkms and aether-tools .debs in build/deb (packaging/mkdeb.sh)
#   make build-kernels   aether.ko against every Debian kernel (scripts/build-kernels.sh)
#   make check-kernels   the VM suite on every Debian kernel (scripts/check-kernels.sh)
#   make check-debug     the VM suite, fuzz and stress on a KASAN/lockdep/kmemleak kernel

# Debian's headers: the running kernel's if it has them (the host here runs
# a kernel without), else the newest installed.
KDIR ?= $(shell d=/lib/modules/$$(uname -r)/build; [ -d $$d ] && echo $$d || \
	ls -d /lib/modules/*/build 2>/dev/null | sort -V | tail -n 1)
PREFIX ?= /usr/local
DESTDIR ?=
B := build

CC ?= gcc
AR ?= ar
CFLAGS ?= -O2 -g
WARN := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes
USER_CFLAGS := $(CFLAGS) $(WARN) -std=gnu11 -Iinclude

CORE_SRCS := $(addprefix module/core/,fixp.c fixp_tables.c povm.c decimal.c predict.c \
	history.c window.c evring.c devname.c)
CORE_HDRS := $(wildcard include/aether/*.h module/core/*.h)
CORE_OBJS := $(CORE_SRCS:%.c=$(B)/%.o)

TOOLS := $(B)/aether-sim $(B)/aether-bench $(B)/aetherctl
TESTS := $(B)/test_golden $(B)/test_fixp $(B)/test_predict $(B)/test_history $(B)/test_sim \
	$(B)/test_paths $(B)/test_module_logic
# helpers the VM tests run inside the guest (32-bit build: compat_ioctl)
VMTESTS := $(B)/vm-ioctl-test $(B)/vm-ioctl-test32 $(B)/vm-lbaread $(B)/vm-listread \
	$(B)/vm-fuzz-ioctl $(B)/vm-fuzz-ioctl32

.PHONY: all module lib tools tests vmtests golden workloads check demo bench install clean deps tables \
	kunit kunit-module
all: module lib tools

module:
	@[ -n "$(KDIR)" ] || { echo "no kernel headers: run scripts/deps.sh" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) W=1 modules

lib: $(B)/libaether.a
tools: $(TOOLS)
tests: $(TESTS)
vmtests: $(VMTESTS) $(B)/vm/expect/.stamp

$(B)/%.o: %.c $(CORE_HDRS) $(wildcard tools/lib/*.h tools/aether-sim/*.h tools/aetherctl/*.h) \
		include/uapi/linux/aether.h
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -fPIC -c -o $@ $<

$(B)/libaether.a: $(CORE_OBJS)
	$(AR) rcs $@ $^

SIM_OBJS := $(addprefix $(B)/tools/aether-sim/,main.o decide.o replay.o sweep.o \
	replay_opts.o engine.o trace.o tracefile.o pagecache.o readahead.o \
	heatmap.o png.o)
$(B)/aether-sim: $(SIM_OBJS) $(addprefix $(B)/tools/lib/,decide_csv.o povm_opts.o) $(B)/libaether.a
	$(CC) $(CFLAGS) -o $@ $^

$(B)/aetherctl: $(addprefix $(B)/tools/,aetherctl/main.o aetherctl/sysfs.o aetherctl/dev.o \
		aetherctl/stats.o aetherctl/knobs.o aetherctl/disk.o aetherctl/json.o aetherctl/config.o \
		aetherctl/record.o \
		lib/decide_csv.o lib/povm_opts.o) $(B)/libaether.a
	$(CC) $(CFLAGS) -o $@ $^

$(B)/vm-ioctl-test: tools/testing/vm/ioctl_test.c include/uapi/linux/aether.h
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -o $@ $< -lm

# the same test as a 32-bit program: exercises compat_ioctl.  Built with the
# i686 cross compiler (gcc-multilib would conflict with the cross compilers).
CC32 ?= i686-linux-gnu-gcc
$(B)/vm-ioctl-test32: tools/testing/vm/ioctl_test.c include/uapi/linux/aether.h
	@mkdir -p $(dir $@)
	$(CC32) -static $(USER_CFLAGS) -o $@ $< -lm

# the ioctl fuzzer (make check-debug), 64- and 32-bit like vm-ioctl-test
$(B)/vm-fuzz-ioctl: tools/testing/vm/fuzz_ioctl.c include/uapi/linux/aether.h
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -pthread -o $@ $<

$(B)/vm-fuzz-ioctl32: tools/testing/vm/fuzz_ioctl.c include/uapi/linux/aether.h
	@mkdir -p $(dir $@)
	$(CC32) -static $(USER_CFLAGS) -pthread -o $@ $<

$(B)/vm-lbaread: tools/testing/vm/lbaread.c
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -o $@ $<

$(B)/vm-listread: tools/testing/vm/listread.c
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -o $@ $<

$(B)/aether-bench: $(B)/tools/aether-bench.o $(B)/tools/lib/decide_csv.o $(B)/libaether.a
	$(CC) $(CFLAGS) -o $@ $^

$(B)/test_fixp: $(B)/tools/testing/test_fixp.o $(B)/libaether.a
	$(CC) $(CFLAGS) -o $@ $^ -lm

$(B)/test_paths: $(B)/tools/testing/test_paths.o $(B)/libaether.a
	$(CC) $(CFLAGS) -o $@ $^

$(B)/test_module_logic: $(B)/tools/testing/test_module_logic.o $(B)/libaether.a
	$(CC) $(CFLAGS) -o $@ $^

$(B)/test_golden: $(B)/tools/testing/test_golden.o $(B)/libaether.a
	$(CC) $(CFLAGS) -o $@ $^ -lm

$(B)/test_predict: $(B)/tools/testing/test_predict.o $(B)/libaether.a
	$(CC) $(CFLAGS) -o $@ $^

$(B)/test_history: $(B)/tools/testing/test_history.o $(B)/libaether.a
	$(CC) $(CFLAGS) -o $@ $^

$(B)/test_sim: $(B)/tools/testing/test_sim.o $(addprefix $(B)/tools/aether-sim/,engine.o \
		trace.o tracefile.o pagecache.o readahead.o) $(B)/libaether.a
	$(CC) $(CFLAGS) -o $@ $^

# Golden vectors ship compressed; tests read them from here.
$(B)/golden/.stamp: $(wildcard tools/testing/golden/*)
	@mkdir -p $(B)/golden
	cp tools/testing/golden/*.lba $(B)/golden/
	for f in tools/testing/golden/*.csv.xz; do xz -dc $$f > $(B)/golden/$$(basename $$f .xz); done
	@touch $@

golden: $(B)/golden/.stamp

# Synthetic traces beyond the golden ones (deterministic): aether-sim's workloads.
$(B)/workloads/.stamp: scripts/gen-workloads.py
	python3 scripts/gen-workloads.py $(B)/workloads
	@touch $@

# Captured traces (scripts/capture-trace.sh) ship compressed.
$(B)/traces/.stamp: $(wildcard tools/testing/traces/*.xz)
	@mkdir -p $(B)/traces
	for f in tools/testing/traces/*.blkparse.xz; do xz -dc $$f > $(B)/traces/$$(basename $$f .xz); done
	@touch $@

workloads: $(B)/workloads/.stamp $(B)/traces/.stamp

# aether-sim's side of the VM test comparing it with the kernel (aetherctl
# decide), computed natively rather than under the VM's emulation
$(B)/vm/expect/.stamp: $(B)/golden/.stamp $(B)/aether-sim
	@mkdir -p $(B)/vm/expect
	for f in $(B)/golden/*-w*.csv; do b=$$(basename $$f .csv); w=$${b%%-*}; \
		p=$${b#*-}; p=$${p%-w*}; n=$${b##*-w}; \
		$(B)/aether-sim decide --preset $$p --window $$n --features \
			<$(B)/golden/$$w.lba >$(B)/vm/expect/$$b.csv || exit 1; done
	@touch $@

tables:
	python3 scripts/gen-fixp-tables.py > module/core/fixp_tables.c

deps:
	scripts/deps.sh

kunit:
	scripts/kunit.sh

# The same suites as a module, built from links in build/kunit-module so no
# object lands in the source tree.  Debian's kernel has no KUnit: point KDIR
# at a tree built with CONFIG_KUNIT (see Documentation/testing.rst).
kunit-module:
	@[ -n "$(KDIR)" ] || { echo "no kernel tree: pass KDIR=" >&2; exit 1; }
	@grep -qs '^CONFIG_KUNIT=[ym]' $(KDIR)/include/config/auto.conf || { \
		echo "$(KDIR) is not built with CONFIG_KUNIT: aether_kunit.ko cannot load there;" \
		"use scripts/kunit.sh or a kernel with KUnit" >&2; exit 1; }
	scripts/kunit-overlay.sh $(B)/kunit-module
	$(MAKE) -C $(KDIR) M=$(CURDIR)/$(B)/kunit-module CONFIG_AETHER_KUNIT_TEST=m W=1 modules

check: deps
	scripts/check.sh

demo: deps
	scripts/demo.sh

bench: deps tools
	scripts/bench.sh

install: lib tools
	install -d $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include/aether $(DESTDIR)$(PREFIX)/bin
	install -m 644 $(B)/libaether.a $(DESTDIR)$(PREFIX)/lib/
	install -m 644 include/aether/types.h include/aether/fixp.h include/aether/povm.h \
		include/aether/decimal.h include/aether/predict.h include/aether/history.h \
		$(DESTDIR)$(PREFIX)/include/aether/
	install -m 755 $(TOOLS) $(DESTDIR)$(PREFIX)/bin/

clean:
	rm -rf $(B)
	[ -z "$(KDIR)" ] || $(MAKE) -C $(KDIR) M=$(CURDIR) clean

# Debian packages, offline with dpkg-deb (packaging/mkdeb.sh)
.PHONY: deb build-kernels check-kernels
deb: $(B)/aetherctl
	packaging/mkdeb.sh $(B)/deb

# Every Debian kernel line (6.1, 6.12, 7.x): headers, images and build roots
# are cached in /var/cache/aether by scripts/kernels.sh
build-kernels: deps
	scripts/build-kernels.sh

check-kernels: deps
	scripts/check-kernels.sh

.PHONY: check-debug
check-debug: deps
	scripts/check-debug.sh
