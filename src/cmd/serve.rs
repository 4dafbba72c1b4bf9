//! `journeybook serve`: build into memory, serve over HTTP, rebuild on every change and
//! tell browsers to reload once the new site is in place.

use std::path::PathBuf;
use std::time::Instant;

use journeybook::pipeline::Session;
use journeybook::serve;

use super::{Error, print, summary};

#[derive(clap::Args)]
pub struct Args {
    /// Report folder (holds book.toml)
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// Port to listen on
    #[arg(short = 'p', long, default_value_t = 3000)]
    port: u16,
    /// Address to bind (127.0.0.1 keeps the preview on this machine)
    #[arg(short = 'b', long = "bind", default_value = "127.0.0.1")]
    bind: String,
    /// Open the report in a browser
    #[arg(long)]
    open: bool,
    /// Poll for changes instead of OS events (WSL2, network and container mounts)
    #[arg(long)]
    poll: bool,
}

pub fn execute(args: Args) -> Result<(), Error> {
    let root = &super::report_dir(&args.dir)?;
    super::require_book(root)?;
    let (server, address) = serve::bind(&args.bind, args.port).map_err(Error::Failed)?;
    let started = Instant::now();
    let mut session = Session::live(root);
    let (site, found) = session.site(&[]);
    print(root, &found);
    if site.is_some() {
        eprintln!("built in {} ms", started.elapsed().as_millis());
    } else {
        eprintln!(
            "build failed: {}; the browser shows the problems until they are fixed",
            summary(&found)
        );
    }
    let hub = serve::Hub::new(site, found);
    let (changes, watch_root) = super::watch::start(root, args.poll)?;
    // 0.0.0.0 or :: is where the server listens, not an address a browser can open.
    let url = if address.ip().is_unspecified() {
        format!("http://127.0.0.1:{}/", address.port())
    } else {
        format!("http://{address}/")
    };
    eprintln!("serving {} at {url} (Ctrl-C to stop)", root.display());
    if address.ip().is_unspecified() {
        eprintln!(
            "listening on every address (-b {}): other machines on your network can open the report at this machine's address, port {}",
            args.bind,
            address.port()
        );
    }
    if args.open {
        serve::open_browser(&url);
    }
    let http_hub = hub.clone();
    std::thread::spawn(move || serve::run(server, http_hub));
    for batch in changes {
        let started = Instant::now();
        let (site, found) = session.site(&batch);
        print(root, &found);
        let ok = site.is_some();
        hub.publish(site, found.clone(), serve::change_kind(&batch));
        let timing = serve::timing(started, &batch, &watch_root);
        if ok {
            eprintln!("rebuilt in {timing}");
        } else {
            eprintln!(
                "build failed: {}; serving the last good build ({timing})",
                summary(&found)
            );
        }
    }
    Ok(())
}
