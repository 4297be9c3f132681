//! The peers' own representations of the datasets, converted from Trident's values outside the
//! timed loops: prost's generated types, and plain serde-derived structs for serde_json and
//! apache-avro (what a team writing its types by hand would have).

use serde::{Deserialize, Serialize};

use crate::generated::ours::bench as ours;
use crate::generated::prost_types::bench as pb;

/// Converts Trident's values to prost's types.
pub trait ToProst {
    /// prost's type for the value.
    type Prost: prost::Message + Default + PartialEq;
    /// The same value as prost's type.
    fn to_prost(&self) -> Self::Prost;
}

/// Converts Trident's values to the serde-derived mirror types.
pub trait ToSerde {
    /// The serde-derived type.
    type Serde: Serialize + for<'de> Deserialize<'de> + PartialEq + std::fmt::Debug;
    /// The same value as the serde-derived type.
    fn to_serde(&self) -> Self::Serde;
}

/// Serde-derived mirrors of the `log` schema; field and symbol names follow the Avro schema.
pub mod log {
    use super::*;

    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    #[allow(missing_docs)]
    pub struct Address {
        pub x0: i32,
        pub x1: i32,
        pub x2: i32,
        pub x3: i32,
    }

    #[derive(Serialize, Deserialize, Debug, PartialEq, Clone, Copy)]
    #[allow(missing_docs, clippy::upper_case_acronyms)]
    pub enum Method {
        UNKNOWN,
        GET,
        POST,
        PUT,
        DELETE,
        HEAD,
    }

    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    #[allow(missing_docs)]
    pub struct Log {
        pub address: Address,
        pub identity: String,
        pub userid: String,
        pub date: String,
        pub request: String,
        pub code: i32,
        pub size: i64,
        pub method: Method,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub referrer: Option<String>,
        pub tags: Vec<String>,
    }

    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    #[allow(missing_docs)]
    pub struct Logs {
        pub logs: Vec<Log>,
    }
}

/// Serde-derived mirrors of the `mesh` schema.
pub mod mesh {
    use super::*;

    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    #[allow(missing_docs)]
    pub struct Vector3 {
        pub x: f32,
        pub y: f32,
        pub z: f32,
    }

    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    #[allow(missing_docs)]
    pub struct Triangle {
        pub v0: Vector3,
        pub v1: Vector3,
        pub v2: Vector3,
        pub normal: Vector3,
    }

    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    #[allow(missing_docs)]
    pub struct Mesh {
        pub triangles: Vec<Triangle>,
    }
}

/// Serde-derived mirror of the `tree` schema.
pub mod tree {
    use super::*;

    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    #[allow(missing_docs)]
    pub struct Node {
        pub id: i64,
        pub name: String,
        pub weight: f64,
        pub children: Vec<Node>,
    }
}

fn method(m: ours::log::Method) -> (i32, log::Method) {
    use ours::log::Method as M;
    let serde = match m {
        M::Unknown => log::Method::UNKNOWN,
        M::Get => log::Method::GET,
        M::Post => log::Method::POST,
        M::Put => log::Method::PUT,
        M::Delete => log::Method::DELETE,
        M::Head => log::Method::HEAD,
    };
    (m as i32, serde)
}

impl ToProst for ours::log::Logs {
    type Prost = pb::log::Logs;
    fn to_prost(&self) -> pb::log::Logs {
        let logs = self
            .logs
            .iter()
            .map(|l| pb::log::Log {
                address: Some(pb::log::Address {
                    x0: l.address.x0,
                    x1: l.address.x1,
                    x2: l.address.x2,
                    x3: l.address.x3,
                }),
                identity: l.identity.clone(),
                userid: l.userid.clone(),
                date: l.date.clone(),
                request: l.request.clone(),
                code: l.code,
                size: l.size,
                method: method(l.method).0,
                referrer: l.referrer.clone(),
                tags: l.tags.clone(),
            })
            .collect();
        pb::log::Logs { logs }
    }
}

impl ToSerde for ours::log::Logs {
    type Serde = log::Logs;
    fn to_serde(&self) -> log::Logs {
        let logs = self
            .logs
            .iter()
            .map(|l| log::Log {
                address: log::Address {
                    x0: l.address.x0,
                    x1: l.address.x1,
                    x2: l.address.x2,
                    x3: l.address.x3,
                },
                identity: l.identity.clone(),
                userid: l.userid.clone(),
                date: l.date.clone(),
                request: l.request.clone(),
                code: l.code,
                size: l.size,
                method: method(l.method).1,
                referrer: l.referrer.clone(),
                tags: l.tags.clone(),
            })
            .collect();
        log::Logs { logs }
    }
}

fn pb_vector(v: &ours::mesh::Vector3) -> Option<pb::mesh::Vector3> {
    Some(pb::mesh::Vector3 {
        x: v.x,
        y: v.y,
        z: v.z,
    })
}

fn serde_vector(v: &ours::mesh::Vector3) -> mesh::Vector3 {
    mesh::Vector3 {
        x: v.x,
        y: v.y,
        z: v.z,
    }
}

impl ToProst for ours::mesh::Mesh {
    type Prost = pb::mesh::Mesh;
    fn to_prost(&self) -> pb::mesh::Mesh {
        let triangles = self
            .triangles
            .iter()
            .map(|t| pb::mesh::Triangle {
                v0: pb_vector(&t.v0),
                v1: pb_vector(&t.v1),
                v2: pb_vector(&t.v2),
                normal: pb_vector(&t.normal),
            })
            .collect();
        pb::mesh::Mesh { triangles }
    }
}

impl ToSerde for ours::mesh::Mesh {
    type Serde = mesh::Mesh;
    fn to_serde(&self) -> mesh::Mesh {
        let triangles = self
            .triangles
            .iter()
            .map(|t| mesh::Triangle {
                v0: serde_vector(&t.v0),
                v1: serde_vector(&t.v1),
                v2: serde_vector(&t.v2),
                normal: serde_vector(&t.normal),
            })
            .collect();
        mesh::Mesh { triangles }
    }
}

impl ToProst for ours::tree::Node {
    type Prost = pb::tree::Node;
    fn to_prost(&self) -> pb::tree::Node {
        pb::tree::Node {
            id: self.id,
            name: self.name.clone(),
            weight: self.weight,
            children: self.children.iter().map(ToProst::to_prost).collect(),
        }
    }
}

impl ToSerde for ours::tree::Node {
    type Serde = tree::Node;
    fn to_serde(&self) -> tree::Node {
        tree::Node {
            id: self.id,
            name: self.name.clone(),
            weight: self.weight,
            children: self.children.iter().map(ToSerde::to_serde).collect(),
        }
    }
}
