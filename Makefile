# Thin wrapper around CMake. `make demo` and `make check` are all the set-up there is.
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=Release

.PHONY: all deps build demo check bench clean

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

bench: build
	tools/bench --build $(BUILD)

clean:
	rm -rf $(BUILD)
