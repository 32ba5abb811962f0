//! Travel that a plan can need must be defined (`MISSING_LOCATION`), and
//! travel between the offices of what was read (for the rule-7 checks).

use std::collections::{BTreeSet, HashMap};

use super::reader::{List, ProblemReader};
use crate::json::path::index_path;
use crate::model::{haversine_km, haversine_minutes, Modality, Municipality};

impl ProblemReader<'_> {
    /// The municipality read cleanly under this id, if any.
    pub(super) fn municipality(&self, id: &str) -> Option<&Municipality> {
        let index = self.index_of(List::Municipalities, id)?;
        self.municipalities.get(index)?.as_ref()
    }

    /// Every pair of municipalities that travel may join (between offices'
    /// municipalities, and from the home of a mediator offering
    /// `in_person` to each office municipality) has a matrix entry or two
    /// locations; otherwise `MISSING_LOCATION` at each municipality lacking one.
    pub(super) fn check_locations(&mut self) {
        let towns: BTreeSet<&str> = self
            .offices
            .iter()
            .zip(&self.office_towns)
            .filter(|(office, _)| office.is_some())
            .map(|(_, town)| town.as_str())
            .collect();
        let towns: Vec<&str> = towns.into_iter().collect();
        let mut pairs: BTreeSet<(&str, &str)> = BTreeSet::new();
        for (i, a) in towns.iter().enumerate() {
            for b in &towns[i + 1..] {
                pairs.insert((a, b));
            }
        }
        for (mediator, home) in self.mediators.iter().zip(&self.mediator_homes) {
            if mediator.as_ref().is_some_and(|m| m.offers(Modality::InPerson)) {
                for &town in &towns {
                    if town != home {
                        pairs.insert(if home.as_str() < town { (home, town) } else { (town, home) });
                    }
                }
            }
        }
        let mut lacking: Vec<(String, Vec<String>)> = Vec::new();
        let mut lacking_at: HashMap<&str, usize> = HashMap::new();
        for (a, b) in pairs {
            let (Some(ma), Some(mb)) = (self.municipality(a), self.municipality(b)) else {
                continue;
            };
            if self.matrix.contains_key(&(a.to_string(), b.to_string())) {
                continue;
            }
            for (x, mx, y) in [(a, ma, b), (b, mb, a)] {
                if mx.location.is_none() {
                    match lacking_at.get(x) {
                        Some(&at) => lacking[at].1.push(y.to_string()),
                        None => {
                            lacking_at.insert(x, lacking.len());
                            lacking.push((x.to_string(), vec![y.to_string()]));
                        }
                    }
                }
            }
        }
        for (town, others) in lacking {
            let shown: Vec<String> = others.iter().take(5).map(|o| format!("'{o}'")).collect();
            let more = if others.len() > 5 { " ..." } else { "" };
            let index = self.index_of(List::Municipalities, &town).unwrap_or_default();
            let message = format!(
                "municipality '{town}' has no location and no travel.minutes entry to {}{more}",
                shown.join(", ")
            );
            self.error("MISSING_LOCATION", index_path("municipalities", index), message);
        }
    }

    /// Travel minutes between two offices (by index) as the format defines
    /// them; `None` when undefined or when a municipality was not read.
    pub(super) fn office_travel(&self, from: usize, to: usize) -> Option<i64> {
        if from == to {
            return Some(0);
        }
        let (a, b) = (self.office_towns.get(from)?, self.office_towns.get(to)?);
        let travel = self.travel.as_ref()?;
        if a == b {
            return Some(travel.intra_municipality_minutes);
        }
        if let Some(&minutes) = self.matrix.get(&(a.clone(), b.clone())) {
            return Some(minutes);
        }
        let ((lat_a, lon_a), (lat_b, lon_b)) = (self.municipality(a)?.location?, self.municipality(b)?.location?);
        Some(haversine_minutes(haversine_km(lat_a, lon_a, lat_b, lon_b), travel.road_factor, travel.speed_kmh))
    }
}
