//! `journeybook serve`: build into memory, serve over HTTP, rebuild on every change and
//! tell browsers to reload once the new site is in place.

use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Instant;

use journeybook::diagnostics::Diagnostic;
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
    /// Publish at this URL instead of [output.html] site-url (sitemap, canonical links,
    /// 404 page), e.g. for a preview deploy
    #[arg(long = "base-url", value_name = "URL", value_parser = super::base_url)]
    base_url: Option<String>,
    /// Print only the address and errors: no warnings, no line per rebuild
    #[arg(short, long)]
    quiet: bool,
}

pub fn execute(args: Args) -> Result<(), Error> {
    let root = &super::report_dir(&args.dir)?;
    super::require_book(root)?;
    let (server, address) = serve::bind(&args.bind, args.port).map_err(Error::Failed)?;
    let started = Instant::now();
    let mut session = Session::live(root).with_site_url(args.base_url.clone());
    let (site, found) = session.site(&[]);
    let quiet = args.quiet;
    print(root, &shown(&found, quiet));
    if site.is_some() {
        if !quiet {
            eprintln!("built in {} ms", started.elapsed().as_millis());
        }
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
        let lan = network_urls(address.ip().is_ipv6(), address.port());
        if lan.is_empty() {
            eprintln!(
                "listening on every address (-b {}): other machines on your network can open the report at this machine's address, port {}",
                args.bind,
                address.port()
            );
        } else {
            eprintln!(
                "listening on every address (-b {}): the report is now reachable from your network at {}",
                args.bind,
                lan.join(", ")
            );
        }
    }
    if args.open {
        serve::open_browser(&url);
    }
    let http_hub = hub.clone();
    std::thread::spawn(move || serve::run(server, http_hub));
    for batch in changes {
        let started = Instant::now();
        let (site, found) = session.site(&batch);
        print(root, &shown(&found, quiet));
        let ok = site.is_some();
        hub.publish(site, found.clone(), serve::change_kind(&batch));
        let timing = serve::timing(started, &batch, &watch_root);
        if ok {
            if !quiet {
                eprintln!("rebuilt in {timing}");
            }
        } else {
            eprintln!(
                "build failed: {}; serving the last good build ({timing})",
                summary(&found)
            );
        }
    }
    Ok(())
}

/// What to print of a build's diagnostics: with `--quiet` only errors.
fn shown(found: &[Diagnostic], quiet: bool) -> Vec<Diagnostic> {
    found
        .iter()
        .filter(|d| !quiet || d.is_error())
        .cloned()
        .collect()
}

/// URLs of this machine on its networks (not loopback), for a server listening on every
/// address: IPv4 ones, and IPv6 ones too when it listens on `::`.
fn network_urls(ipv6: bool, port: u16) -> Vec<String> {
    let mut urls: Vec<String> = if_addrs::get_if_addrs()
        .unwrap_or_default()
        .into_iter()
        .filter(|i| !i.is_loopback())
        .filter_map(|i| match i.ip() {
            IpAddr::V4(v4) if !v4.is_link_local() => Some(format!("http://{v4}:{port}/")),
            IpAddr::V6(v6) if ipv6 && !v6.is_unicast_link_local() => {
                Some(format!("http://[{v6}]:{port}/"))
            }
            _ => None,
        })
        .collect();
    urls.sort();
    urls.dedup();
    urls
}
