//! When and where: the stages that give events their dates, places and numbers.
//!
//! In the pipeline these stages run after `dyad-text` (sentences, tokens) and, when
//! available, `dyad-syntax` (tags, parse), and before the coder:
//!
//! - [`TimeStage`] (`timegeo.time.v1`) fills `Doc::times` with dates resolved against
//!   the document date ("26 July" in a 2021-07-13 article is 2021-07-26).
//! - [`PlaceStage`] (`timegeo.geo.v1`) fills `Doc::places` from the embedded
//!   [`Gazetteer`] (GeoNames plus hand-written bases, crossings and regions).
//! - [`QuantityStage`] (`timegeo.quantity.v1`) fills `Doc::quantities` (killed,
//!   wounded, arrested, troops, munitions, protesters, money).
//!
//! Like every Dyad stage they leave the `Doc::layers` bookkeeping to the pipeline.
//!
//! The coder then asks [`event_context`] (or [`date_for_token`], [`place_for_token`],
//! [`event_location`], [`quantities_for_token`]) for what belongs to an event trigger.
//! [`build_gazetteer`] builds the gazetteer file; [`evaluate_geo`] and
//! [`evaluate_event_location`] score geoparsing against gold.
//!
//! ```
//! use chrono::NaiveDate;
//! use dyad_model::{Doc, Document, Stage};
//! use dyad_timegeo::{tokens::tokenize_doc, TimeStage};
//!
//! let mut document = Document::new("d", "Biden will meet al-Kadhimi on 26 July.");
//! document.date = NaiveDate::from_ymd_opt(2021, 7, 13);
//! let mut doc = Doc::new(document);
//! tokenize_doc(&mut doc);
//! TimeStage::default().run(&mut doc, &mut Vec::new());
//! assert_eq!(doc.times[0].date.iso(), "2021-07-26");
//! ```

#![warn(missing_docs)]

mod annotation_tokens;
pub mod attach;
mod context;
pub mod eval;
pub mod gazetteer;
pub mod geo;
pub mod location_model;
pub mod quantity;
pub mod time;
pub mod tokens;

pub use attach::{
    event_context, event_location, focus_location, place_for_token, quantities_for_token, EventContext,
};
pub use context::{is_historical, EventContextStage};
pub use eval::{
    evaluate_event_location, evaluate_geo, evaluate_geo_with, event_gold_spans, event_location_choices,
    EvalError, EventLocationReport, GeoReport, LocationChoices,
};
pub use gazetteer::{build_gazetteer, Gazetteer, GazetteerError};
pub use geo::{find_places, PlaceStage};
pub use location_model::{cross_validate, LocationChoice, LocationModel, LocationTraining};
pub use quantity::{find_quantities, QuantityStage};
pub use time::{date_for_token, event_date, resolve_times, Tense, TimeStage};
