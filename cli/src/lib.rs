//! The command line's readers, as a library so its tests and fuzz targets can call them.
//!
//! Outside formats (Terraform plans, Packer templates, API request bodies, batches of values)
//! are read here, in the command line, never in the library that C programs link: that one
//! keeps no JSON or HCL parser.

pub mod audit;
pub mod batch;
pub mod batch_text;
pub mod coverage;
pub mod evaluate;
pub mod excerpt;
pub mod findings;
pub mod folder;
pub mod input;
pub mod output;
pub mod packer;
pub mod packer_hcl;
pub mod packer_json;
pub mod place;
pub mod render;
pub mod request;
pub mod safe;
pub mod sarif;
pub mod sensitive;
pub mod shares;
pub mod strict;
pub mod template;
pub mod terraform;
pub mod terraform_config;
pub mod terraform_places;
pub mod terraform_resources;
