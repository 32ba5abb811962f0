//! `ponte-server`: see `ponte-server --help` and server/README.md.

fn main() -> std::process::ExitCode {
    ponte_server::cli::main()
}
