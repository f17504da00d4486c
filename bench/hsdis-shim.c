/*
 * Lets JMH's perfasm profiler (and -XX:+PrintAssembly) print instructions on Java 17 from Debian's
 * disassembler plugin. Debian packages one (libhsdis0-fcml), but it exports only the old entry point,
 * decode_instructions; Java 17 calls decode_instructions_virtual. This forwards the one to the other
 * (HotSpot passes the code's own address as its virtual address, so the two agree).
 *
 *   apt-get install -y libhsdis0-fcml
 *   gcc -shared -fPIC -O2 -o hsdis-amd64.so bench/hsdis-shim.c -ldl
 *   cp hsdis-amd64.so "$(dirname "$(dirname "$(readlink -f "$(which java)")")")/lib/server/"
 *   java -jar target/benchmarks.jar 'ReinforceBenchmark.engineOneThread' -f 1 \
 *       -prof 'perfasm:events=cpu-clock;tooBigThreshold=5000'
 *
 * (events=cpu-clock: this machine's perf has no hardware counters.)
 */
#include <dlfcn.h>
#include <stdint.h>

typedef void *(*event_callback)(void *, const char *, void *);
typedef int (*printf_callback)(void *, const char *, ...);
typedef void *(*decode_instructions_fn)(void *, void *, event_callback, void *, printf_callback, void *,
                                        const char *);

void *decode_instructions_virtual(uintptr_t start_va, uintptr_t end_va, unsigned char *buffer, uintptr_t length,
                                  event_callback events, void *event_stream, printf_callback printf,
                                  void *printf_stream, const char *options, int newline) {
    static decode_instructions_fn decode;
    if (!decode) {
        void *library = dlopen("libhsdis.so.0", RTLD_NOW);
        if (!library) return 0;
        decode = (decode_instructions_fn) dlsym(library, "decode_instructions");
        if (!decode) return 0;
    }
    (void) start_va, (void) end_va, (void) newline;
    return decode(buffer, buffer + length, events, event_stream, printf, printf_stream, options);
}
