//! The browser's end of the live desk (SPEC C3): one `EventSource` on `/events` while a desk is
//! shown, and a counter that goes up whenever the server says the desk changed. A page adds the
//! counter to its `Resource`'s key, so the list is read again without reloading the page.

use crate::i18n::use_texts;
use leptos::prelude::*;

/// Whether the event stream is connected, for [`LiveStatus`].
#[derive(Clone, Copy)]
struct LiveConnection(ReadSignal<bool>);

/// A counter that changes whenever this viewer's desk changed on the server. On the server
/// (and before hydration) it stays 0, so the first render and hydration agree. The stream is
/// closed when the calling component is cleaned up.
pub fn use_desk_refresh() -> ReadSignal<u32> {
    let (changes, set_changes) = signal(0u32);
    let (connected, set_connected) = signal(false);
    provide_context(LiveConnection(connected));
    #[cfg(feature = "hydrate")]
    listen(set_changes, set_connected);
    #[cfg(not(feature = "hydrate"))]
    let _ = (set_changes, set_connected);
    changes
}

#[cfg(feature = "hydrate")]
fn listen(set_changes: WriteSignal<u32>, set_connected: WriteSignal<bool>) {
    use leptos::wasm_bindgen::closure::Closure;
    use leptos::wasm_bindgen::JsCast;
    use leptos::web_sys::{Event, EventSource, MessageEvent};
    use send_wrapper::SendWrapper;
    use std::cell::Cell;
    use std::rc::Rc;

    let Ok(source) = EventSource::new("/events") else {
        return;
    };
    let bump = move || set_changes.update(|n| *n = n.wrapping_add(1));
    let on_desk = Closure::<dyn FnMut(MessageEvent)>::new(move |_| bump());
    let _ = source.add_event_listener_with_callback("desk", on_desk.as_ref().unchecked_ref());
    let was_open = Rc::new(Cell::new(false));
    let on_open = Closure::<dyn FnMut(Event)>::new(move |_| {
        // The browser reconnects by itself after a drop; what changed meanwhile was not
        // announced to this page, so the desk is read again.
        if was_open.replace(true) {
            bump();
        }
        set_connected.set(true);
    });
    source.set_onopen(Some(on_open.as_ref().unchecked_ref()));
    let on_error = Closure::<dyn FnMut(Event)>::new(move |_| set_connected.set(false));
    source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    // The callbacks live as long as the stream; both go when the page does.
    let held = SendWrapper::new((source, on_desk, on_open, on_error));
    on_cleanup(move || {
        let (source, ..) = held.take();
        source.close();
    });
}

/// A small mark that the list updates by itself, shown while the event stream is connected.
/// `#live-status[data-live="on"]` tells browser tests the desk is listening.
#[component]
pub fn LiveStatus() -> impl IntoView {
    let t = use_texts();
    let connected = use_context::<LiveConnection>().map(|c| c.0);
    let on = move || connected.is_some_and(|c| c.get());
    view! {
        <span
            id="live-status"
            class="live-status"
            data-live=move || if on() { "on" } else { "off" }
            title=t.live_hint
        >
            {move || on().then_some(t.live_on)}
        </span>
    }
}
