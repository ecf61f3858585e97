//! Widgets used by several pages.

pub mod form;
pub mod live;
pub mod nav;
pub mod status;
pub mod timeline;
