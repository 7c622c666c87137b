// The floor on either backend's library, and a macro that runs the same code on whichever it
// is. Included (`include!`) by the benches that declare `floor_ring` and `floor_aws_lc`.

/// The floor on one backend's library: the same code (`floor/body.rs`) over ring or aws-lc-rs.
#[allow(clippy::large_enum_variant)] // built once per benchmark, outside the timed loop
enum Floor {
    Ring(floor_ring::Floor),
    AwsLc(floor_aws_lc::Floor),
}

impl Floor {
    fn new(alg: &'static str, backend: Backend) -> Self {
        let floor = match backend {
            Backend::Ring => floor_ring::Floor::new(alg).map(Floor::Ring),
            Backend::AwsLc => floor_aws_lc::Floor::new(alg).map(Floor::AwsLc),
            other => panic!("no floor for the {other} backend"),
        };
        floor.unwrap_or_else(|| panic!("the {backend} floor has no {alg}"))
    }
}

/// Runs `$body` with `$floor` bound to the library's floor and `$module` naming its module
/// (for its `ClaimsRef`): the same code, compiled for each library, so that no timed loop
/// dispatches on the backend.
macro_rules! with_floor {
    ($value:expr, $floor:ident, $module:ident => $body:expr) => {
        match $value {
            Floor::Ring($floor) => {
                use floor_ring as $module;
                $body
            }
            Floor::AwsLc($floor) => {
                use floor_aws_lc as $module;
                $body
            }
        }
    };
    ($value:expr, $floor:ident => $body:expr) => {
        match $value {
            Floor::Ring($floor) => $body,
            Floor::AwsLc($floor) => $body,
        }
    };
}
