// mimalloc: the build allocates many short-lived strings on every core;
// glibc's allocator spent a fifth of the build's CPU time on them (see
// BENCHMARKS.md).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    briefing::allocator::tune();
    briefing::cli::main()
}
