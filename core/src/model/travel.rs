//! Travel between places, exactly as the format defines it.

use super::Problem;

/// Where a mediator is: at an office, or at home.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Place {
    /// An office (index).
    Office(usize),
    /// A mediator's home municipality (index).
    Home(usize),
}

/// Travel between two municipalities with neither a matrix entry nor both locations.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("no travel.minutes entry and no locations for '{from}' and '{to}'")]
pub struct TravelUndefined {
    /// Origin municipality id.
    pub from: String,
    /// Destination municipality id.
    pub to: String,
}

const EARTH_RADIUS_KM: f64 = 6371.0;
const HAVERSINE_TOLERANCE: f64 = 1e-6;

/// Great-circle distance in km, as the format writes it, in IEEE double
/// precision (angles converted to radians first, `h` capped at 1). The
/// `libm` functions make the result the same on every platform.
pub fn haversine_km(lat_a: f64, lon_a: f64, lat_b: f64, lon_b: f64) -> f64 {
    let (phi_a, phi_b) = (lat_a.to_radians(), lat_b.to_radians());
    let (lam_a, lam_b) = (lon_a.to_radians(), lon_b.to_radians());
    let sin_lat = libm::sin((phi_b - phi_a) / 2.0);
    let sin_lon = libm::sin((lam_b - lam_a) / 2.0);
    let h = sin_lat * sin_lat + libm::cos(phi_a) * libm::cos(phi_b) * (sin_lon * sin_lon);
    2.0 * EARTH_RADIUS_KM * libm::asin(libm::sqrt(h.min(1.0)))
}

/// Travel minutes for a haversine distance: `ceil(x - 1e-6)` with
/// `x = d * road_factor / speed_kmh * 60` evaluated left to right.
pub fn haversine_minutes(distance_km: f64, road_factor: f64, speed_kmh: f64) -> i64 {
    let x = distance_km * road_factor / speed_kmh * 60.0;
    let minutes = libm::ceil(x - HAVERSINE_TOLERANCE);
    if minutes.is_finite() {
        minutes.clamp(0.0, 1e12) as i64
    } else {
        i64::MAX / 4
    }
}

impl Problem {
    /// The municipality of a place.
    pub fn place_municipality(&self, place: Place) -> usize {
        match place {
            Place::Office(o) => self.offices()[o].municipality,
            Place::Home(m) => m,
        }
    }

    /// A mediator's home as a place.
    pub fn home_place(&self, mediator: usize) -> Place {
        Place::Home(self.mediators()[mediator].home)
    }

    /// Travel minutes between two municipalities: intra-municipality when
    /// equal, else the symmetric matrix, else haversine; `None` when undefined.
    pub fn municipality_travel(&self, a: usize, b: usize) -> Option<i64> {
        let n = self.municipalities().len();
        self.municipality_travel[a * n + b]
    }

    /// Travel minutes between two places: 0 within one office, otherwise
    /// between their municipalities.
    pub fn travel_minutes(&self, from: Place, to: Place) -> Result<i64, TravelUndefined> {
        if let (Place::Office(a), Place::Office(b)) = (from, to) {
            if a == b {
                return Ok(0);
            }
        }
        let (a, b) = (self.place_municipality(from), self.place_municipality(to));
        self.municipality_travel(a, b).ok_or_else(|| TravelUndefined {
            from: self.municipalities()[a].id.clone(),
            to: self.municipalities()[b].id.clone(),
        })
    }

    /// Travel minutes, counting undefined travel as 0 (validation makes
    /// every travel a plan can need defined).
    pub fn travel_or_zero(&self, from: Place, to: Place) -> i64 {
        self.travel_minutes(from, to).unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn haversine_matches_the_spec_example() {
        // Rozzano to Opera, as in the format's example (about 4.4 km).
        let d = haversine_km(45.3817, 9.1553, 45.3756, 9.2111);
        assert!((d - 4.4).abs() < 0.2, "{d}");
        assert_eq!(haversine_minutes(d, 1.3, 30.0), 12);
        assert_eq!(haversine_minutes(0.0, 1.3, 30.0), 0);
    }
}
