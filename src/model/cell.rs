//! Cell addresses as spreadsheets write them (`A1`, `AA7`).

/// Spreadsheet column letters for a zero-based column index (0 → `A`, 26 → `AA`).
pub fn column_letters(col: u32) -> String {
    let mut n = u64::from(col) + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        letters.push(b'A' + rem);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8_lossy(&letters).into_owned()
}

/// A1 reference for zero-based row and column.
pub fn a1(row: u32, col: u32) -> String {
    format!("{}{}", column_letters(col), u64::from(row) + 1)
}

/// The zero-based column of an A1 reference (`G7` → 6); `None` for anything
/// else.
pub fn column_of_a1(cell: &str) -> Option<u32> {
    row_of_a1(cell)?;
    let letters = cell.get(
        ..cell.len()
            - cell
                .trim_start_matches(|c: char| c.is_ascii_uppercase())
                .len(),
    )?;
    letters
        .bytes()
        .try_fold(0u32, |n, b| {
            n.checked_mul(26)?.checked_add(u32::from(b - b'A') + 1)
        })?
        .checked_sub(1)
}

/// The zero-based row of an A1 reference (`G7` → 6); `None` for anything else.
pub fn row_of_a1(cell: &str) -> Option<u32> {
    let digits = cell.trim_start_matches(|c: char| c.is_ascii_uppercase());
    if digits.len() == cell.len()
        || digits.is_empty()
        || !digits.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    digits.parse::<u32>().ok()?.checked_sub(1)
}
