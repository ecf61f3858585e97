//! `tramita`: the web server, its background work and its command line.

use app::backend::config::Config;
use clap::Parser;
use leptos::prelude::get_configuration;
use server::cli::{AuditAction, CalendarAction, Cli, Command, SeedWhat, UserAction};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    match run(cli.command.unwrap_or(Command::Serve)).await {
        Ok(message) => {
            if !message.is_empty() {
                println!("{message}");
            }
        }
        Err(message) => {
            eprintln!("tramita: {message}");
            std::process::exit(1);
        }
    }
}

async fn run(command: Command) -> Result<String, String> {
    // A national calendar's math needs neither configuration nor database: answer before
    // connecting. A company calendar is read from the database below.
    if let Command::Calendar { action } = &command {
        if let Some(answer) = national_calendar(action)? {
            return Ok(answer);
        }
    }
    let config = Config::from_env()?;
    // A restore goes into an empty database: before the migrations would create its tables.
    if let Command::Restore { from } = &command {
        return server::backup::restore(&config, from).await;
    }
    let leptos_options = get_configuration(None)
        .map_err(|e| format!("bad Leptos configuration: {e}"))?
        .leptos_options;
    let state = server::build_state(config, leptos_options).await?;
    match command {
        Command::Serve => {
            let addr = state.config.site_addr.clone();
            let listener = tokio::net::TcpListener::bind(&addr)
                .await
                .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
            tracing::info!(
                "Tramita listening on http://{addr} ({:?})",
                state.store.backend()
            );
            server::serve(state, listener)
                .await
                .map_err(|e| format!("the server stopped: {e}"))?;
            Ok(String::new())
        }
        Command::Migrate => Ok("The database is up to date.".into()),
        Command::Backup { to } => server::backup::backup(&state.config, &state.store, &to).await,
        Command::Restore { .. } => unreachable!("restored above, before the migrations"),
        Command::Seed {
            what: SeedWhat::Demo,
        } => server::cli::seed_demo(&state).await,
        Command::Seed {
            what: SeedWhat::Cases { count, seed },
        } => server::cli::seed_cases(&state, count, seed).await,
        Command::User {
            action:
                UserAction::Create {
                    email,
                    role,
                    password,
                    name,
                },
        } => server::cli::create_user(&state, &email, &role, password, name).await,
        Command::Audit {
            action: AuditAction::Verify,
        } => server::cli::verify_audit(&state).await,
        Command::Calendar {
            action:
                CalendarAction::Due {
                    calendar,
                    from,
                    business_days,
                    business_hours,
                },
        } => {
            server::cli::company_calendar_due(
                &state,
                &calendar,
                &from,
                business_days,
                business_hours,
            )
            .await
        }
    }
}

fn national_calendar(action: &CalendarAction) -> Result<Option<String>, String> {
    match action {
        CalendarAction::Due {
            calendar,
            from,
            business_days,
            business_hours,
        } => server::cli::calendar_due(calendar, from, *business_days, *business_hours),
    }
}
