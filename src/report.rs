//! The answer to a check: its violations, and the counts of each text field checked.

use crate::rules::Field;
use crate::rules::ProviderCode;
use crate::text::Counts;
use crate::violation::{Code, Subject, Violation};
use std::fmt;
use std::ops::{Deref, DerefMut};

/// The answer to a check: every violation, and the counts of each text field checked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub violations: Violations,
    /// The counts of each text field, by [`Field`] number; all zero where `checked` has no bit.
    counts: [Counts; Field::TEXT.len()],
    /// Bit `f` set when field `f` was checked. A bit set rather than `[Option<Counts>; 3]`
    /// keeps the report small: the valid path returns one on every keystroke.
    checked: u8,
}

impl Report {
    /// True when nothing was found.
    pub fn is_valid(&self) -> bool {
        self.violations.is_empty()
    }

    /// The counts of `field`'s value, where it is a text field and was checked.
    pub fn counts(&self, field: Field) -> Option<Counts> {
        let f = field as usize;
        (field.is_text() && self.checked & (1 << f) != 0).then(|| self.counts[f])
    }

    /// Keeps the counts of a text field; a list field's value has none worth keeping.
    pub(crate) fn set_counts(&mut self, field: Field, counts: Counts) {
        if field.is_text() {
            self.counts[field as usize] = counts;
            self.checked |= 1 << field as usize;
        }
    }

    /// Takes another report's findings (and counts) into this one.
    pub fn merge(&mut self, other: Report) {
        for field in Field::TEXT {
            if let Some(counts) = other.counts(field) {
                self.set_counts(field, counts);
            }
        }
        self.violations.extend(other.violations);
    }
}

impl From<Vec<Violation>> for Report {
    fn from(violations: Vec<Violation>) -> Report {
        Report {
            violations: violations.into(),
            ..Report::default()
        }
    }
}

/// The violations of a [`Report`], in the order they were found: a list that reads as a
/// slice (`len`, `iter`, indexing, `first`, ...) and grows with [`push`](Violations::push).
///
/// A refused value most often breaks one rule, and its report is built on every keystroke of
/// a console. So the first violation is kept inline and a report with one violation costs no
/// allocation; the second moves the list to the heap, with room for a few more.
///
/// ```
/// use image_preflight::{validate, Code, Field, Operation, Profile, Provider, Violation};
///
/// let report = validate(Provider::Alibaba, Operation::Modify, Field::Name, "1abc", Profile::Latest);
/// assert_eq!(report.violations.len(), 1);
/// assert_eq!(report.violations[0].code, Code::BadStart);
/// let all: Vec<Violation> = report.violations.into();
/// assert_eq!(all[0].code, Code::BadStart);
/// ```
#[derive(Clone, Default)]
pub struct Violations(Repr);

#[derive(Clone)]
enum Repr {
    Inline(Option<Violation>),
    Heap(Vec<Violation>),
}

impl Default for Repr {
    fn default() -> Repr {
        Repr::Inline(None)
    }
}

/// Room made when a report gets its second violation: a refused value seldom has more.
const FIRST_HEAP_ROOM: usize = 4;

impl Violations {
    /// An empty list; allocates nothing.
    pub const fn new() -> Violations {
        Violations(Repr::Inline(None))
    }

    /// Adds `v` at the end.
    #[inline]
    pub fn push(&mut self, v: Violation) {
        self.place(self.len(), v);
    }

    /// Puts `v` at `index`, moving the ones from there on back.
    ///
    /// # Panics
    /// When `index` is greater than the length.
    #[inline]
    pub fn insert(&mut self, index: usize, v: Violation) {
        self.place(index, v);
    }

    /// Puts a new violation at `index` and returns it, to be filled in place: a violation is
    /// big, and one built aside and moved in is copied on every refused keystroke.
    ///
    /// # Panics
    /// When `index` is greater than the length.
    #[inline]
    pub(crate) fn insert_new(
        &mut self,
        index: usize,
        subject: Subject,
        code: Code,
        provider_code: Option<ProviderCode>,
    ) -> &mut Violation {
        self.place(index, Violation::new(subject, code, provider_code))
    }

    /// Puts `v` at `index` and returns it: in the inline room while the list is empty, on the
    /// heap from the second on.
    #[inline(always)]
    fn place(&mut self, index: usize, v: Violation) -> &mut Violation {
        if let Repr::Inline(Some(_)) = self.0 {
            self.spill();
        }
        match &mut self.0 {
            Repr::Inline(slot) => {
                assert_eq!(index, 0, "insertion index out of bounds");
                slot.insert(v)
            }
            Repr::Heap(all) => {
                all.insert(index, v);
                &mut all[index]
            }
        }
    }

    /// Moves the inline violation to the heap, with room for a few more: the one allocation
    /// of a report.
    #[cold]
    fn spill(&mut self) {
        if let Repr::Inline(one) = &mut self.0 {
            let mut all = Vec::with_capacity(FIRST_HEAP_ROOM);
            all.extend(one.take());
            self.0 = Repr::Heap(all);
        }
    }

    /// The violations as a `Vec`, without copying a heap list.
    pub fn into_vec(self) -> Vec<Violation> {
        match self.0 {
            Repr::Inline(one) => one.into_iter().collect(),
            Repr::Heap(all) => all,
        }
    }
}

impl Deref for Violations {
    type Target = [Violation];

    fn deref(&self) -> &[Violation] {
        match &self.0 {
            Repr::Inline(one) => one.as_slice(),
            Repr::Heap(all) => all,
        }
    }
}

impl DerefMut for Violations {
    fn deref_mut(&mut self) -> &mut [Violation] {
        match &mut self.0 {
            Repr::Inline(one) => one.as_mut_slice(),
            Repr::Heap(all) => all,
        }
    }
}

impl fmt::Debug for Violations {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// Equal when they hold the same violations in the same order, however they are stored.
impl PartialEq for Violations {
    fn eq(&self, other: &Violations) -> bool {
        **self == **other
    }
}

impl Eq for Violations {}

impl PartialEq<[Violation]> for Violations {
    fn eq(&self, other: &[Violation]) -> bool {
        **self == *other
    }
}

impl PartialEq<Vec<Violation>> for Violations {
    fn eq(&self, other: &Vec<Violation>) -> bool {
        **self == **other
    }
}

impl From<Vec<Violation>> for Violations {
    fn from(all: Vec<Violation>) -> Violations {
        Violations(Repr::Heap(all))
    }
}

impl From<Violations> for Vec<Violation> {
    fn from(v: Violations) -> Vec<Violation> {
        v.into_vec()
    }
}

impl Extend<Violation> for Violations {
    fn extend<I: IntoIterator<Item = Violation>>(&mut self, items: I) {
        for v in items {
            self.push(v);
        }
    }
}

impl FromIterator<Violation> for Violations {
    fn from_iter<I: IntoIterator<Item = Violation>>(items: I) -> Violations {
        let mut all = Violations::new();
        all.extend(items);
        all
    }
}

impl<'a> IntoIterator for &'a Violations {
    type Item = &'a Violation;
    type IntoIter = std::slice::Iter<'a, Violation>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<'a> IntoIterator for &'a mut Violations {
    type Item = &'a mut Violation;
    type IntoIter = std::slice::IterMut<'a, Violation>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter_mut()
    }
}

impl IntoIterator for Violations {
    type Item = Violation;
    type IntoIter = IntoIter;

    fn into_iter(self) -> IntoIter {
        IntoIter(match self.0 {
            Repr::Inline(one) => one.into_iter().chain(Vec::new()),
            Repr::Heap(all) => None.into_iter().chain(all),
        })
    }
}

/// The violations of a [`Violations`], by value.
pub struct IntoIter(
    std::iter::Chain<std::option::IntoIter<Violation>, std::vec::IntoIter<Violation>>,
);

impl Iterator for IntoIter {
    type Item = Violation;

    fn next(&mut self) -> Option<Violation> {
        self.0.next()
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl DoubleEndedIterator for IntoIter {
    fn next_back(&mut self) -> Option<Violation> {
        self.0.next_back()
    }
}

impl ExactSizeIterator for IntoIter {}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(code: Code) -> Violation {
        Violation::new(Subject::Name, code, None)
    }

    #[test]
    fn the_first_stays_inline_and_more_move_to_the_heap_in_order() {
        let codes = [
            Code::BadStart,
            Code::BadChar,
            Code::TooLong,
            Code::ForbiddenPrefix,
        ];
        for n in 0..=codes.len() + 3 {
            let mut all = Violations::new();
            let want: Vec<Violation> = (0..n).map(|i| v(codes[i % codes.len()])).collect();
            for x in &want {
                all.push(x.clone());
            }
            assert_eq!(matches!(all.0, Repr::Inline(_)), n <= 1, "{n}");
            assert_eq!(all.len(), n);
            assert_eq!(all, want);
            assert_eq!(all.iter().rev().count(), n);
            assert_eq!(all.clone().into_iter().collect::<Vec<_>>(), want);
            assert_eq!(all.clone().into_iter().rev().collect::<Vec<_>>(), {
                let mut r = want.clone();
                r.reverse();
                r
            });
            assert_eq!(all.clone().into_iter().len(), n);
            assert_eq!(all.clone().into_vec(), want);
            // The same violations held either way are equal.
            assert_eq!(Violations::from(want.clone()), all);
            assert_eq!(want.iter().cloned().collect::<Violations>(), all);
        }
    }

    #[test]
    fn insert_keeps_the_order_either_way() {
        for n in 0..4 {
            for at in 0..=n {
                let mut all: Violations = (0..n).map(|_| v(Code::BadChar)).collect();
                let mut want = all.to_vec();
                all.insert(at, v(Code::TooLong));
                want.insert(at, v(Code::TooLong));
                assert_eq!(all, want, "{n} {at}");
                assert_eq!(matches!(all.0, Repr::Inline(_)), n == 0);
            }
        }
    }

    #[test]
    fn a_violation_can_be_changed_in_place() {
        let mut all = Violations::new();
        all.push(v(Code::BadChar));
        all[0].index = Some(3);
        if let Some(last) = all.last_mut() {
            last.limit = Some(1);
        }
        all.push(v(Code::TooLong));
        for x in &mut all {
            x.actual = Some(9);
        }
        assert_eq!(all[0].index, Some(3));
        assert_eq!(all[0].limit, Some(1));
        assert!(all.iter().all(|x| x.actual == Some(9)));
        assert_eq!(format!("{all:?}"), format!("{:?}", all.to_vec()));
    }
}
