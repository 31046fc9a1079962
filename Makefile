# Thin wrapper around CMake. `make demo` and `make check` are all the set-up there is.
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=Release

.PHONY: all deps build demo check check-sanitize bench difftest fuzz clean

all: build

deps:
	@tools/install-deps

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS)

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j$(JOBS)

demo: build
	$(BUILD)/tools/hvsim

check: build
	ctest --test-dir $(BUILD) --output-on-failure -j$(JOBS)

# ASan + UBSan build in build-sanitize; every test but the long Linux and QEMU-diff runs.
check-sanitize: deps
	cmake -S . -B build-sanitize -DHVSIM_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo
	cmake --build build-sanitize -j$(JOBS)
	ctest --test-dir build-sanitize --output-on-failure -j$(JOBS) -LE "linux|diff"

bench: build
	tools/bench --build $(BUILD)

# The long differential run against QEMU (tests/diff/README.md); ctest runs a short one.
difftest: build
	cmake --build $(BUILD) --target difftest-long

# The libFuzzer harnesses (tests/fuzz/): a clang-16 build in build-fuzz, FUZZ_TIME seconds each.
FUZZ_TIME ?= 30
fuzz: deps
	cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang-16 -DHVSIM_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo
	cmake --build build-fuzz -j$(JOBS) --target fuzz
	tests/fuzz/run-fuzzers --build build-fuzz --time $(FUZZ_TIME)

clean:
	rm -rf $(BUILD) build-sanitize build-fuzz
