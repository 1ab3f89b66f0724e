//! The little binary encoding of model files: LEB128 varints, little-endian numbers and
//! length-prefixed strings. Reading never panics: running off the end or a bad value is
//! a [`SyntaxError::ModelFormat`] naming where the model came from.

use crate::SyntaxError;

/// Appends values to a byte buffer.
#[derive(Debug, Default)]
pub(crate) struct BinaryWriter {
    bytes: Vec<u8>,
}

impl BinaryWriter {
    pub(crate) fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }

    pub(crate) fn raw(&mut self, bytes: &[u8]) {
        self.bytes.extend_from_slice(bytes);
    }

    pub(crate) fn varint(&mut self, mut value: u64) {
        loop {
            let byte = (value & 0x7f) as u8;
            value >>= 7;
            if value == 0 {
                self.bytes.push(byte);
                return;
            }
            self.bytes.push(byte | 0x80);
        }
    }

    pub(crate) fn i16(&mut self, value: i16) {
        self.bytes.extend_from_slice(&value.to_le_bytes());
    }

    pub(crate) fn f32(&mut self, value: f32) {
        self.bytes.extend_from_slice(&value.to_le_bytes());
    }

    pub(crate) fn string(&mut self, value: &str) {
        self.varint(value.len() as u64);
        self.raw(value.as_bytes());
    }

    pub(crate) fn strings(&mut self, values: &[String]) {
        self.varint(values.len() as u64);
        for value in values {
            self.string(value);
        }
    }
}

/// Reads values back from bytes.
#[derive(Debug)]
pub(crate) struct BinaryReader<'a> {
    bytes: &'a [u8],
    position: usize,
    source: &'a str,
}

impl<'a> BinaryReader<'a> {
    pub(crate) fn new(bytes: &'a [u8], source: &'a str) -> BinaryReader<'a> {
        BinaryReader { bytes, position: 0, source }
    }

    pub(crate) fn corrupt(&self, message: String) -> SyntaxError {
        SyntaxError::ModelFormat {
            source_name: self.source.to_string(),
            message: format!("byte {}: {message}", self.position),
        }
    }

    /// Whether every byte has been read (optional trailing sections are absent).
    pub(crate) fn at_end(&self) -> bool {
        self.position >= self.bytes.len()
    }

    pub(crate) fn raw(&mut self, length: usize) -> Result<&'a [u8], SyntaxError> {
        let end = self.position.checked_add(length).filter(|&end| end <= self.bytes.len());
        match end {
            Some(end) => {
                let slice = &self.bytes[self.position..end];
                self.position = end;
                Ok(slice)
            }
            None => Err(self.corrupt(format!("truncated: wanted {length} more bytes"))),
        }
    }

    pub(crate) fn varint(&mut self) -> Result<u64, SyntaxError> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.raw(1)?[0];
            value |= ((byte & 0x7f) as u64) << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(self.corrupt("varint longer than 64 bits".to_string()))
    }

    pub(crate) fn i16(&mut self) -> Result<i16, SyntaxError> {
        let bytes = self.raw(2)?;
        Ok(i16::from_le_bytes([bytes[0], bytes[1]]))
    }

    pub(crate) fn f32(&mut self) -> Result<f32, SyntaxError> {
        let bytes = self.raw(4)?;
        Ok(f32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
    }

    pub(crate) fn string(&mut self) -> Result<String, SyntaxError> {
        let length = self.varint()? as usize;
        let bytes = self.raw(length)?;
        String::from_utf8(bytes.to_vec()).map_err(|_| self.corrupt("string is not UTF-8".to_string()))
    }

    pub(crate) fn strings(&mut self) -> Result<Vec<String>, SyntaxError> {
        let count = self.varint()? as usize;
        let mut values = Vec::with_capacity(count.min(1 << 16));
        for _ in 0..count {
            values.push(self.string()?);
        }
        Ok(values)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_round_trip_and_truncation_is_an_error() {
        let mut writer = BinaryWriter::default();
        writer.varint(300);
        writer.varint(u64::MAX);
        writer.i16(-5);
        writer.string("nsubj:pass");
        let bytes = writer.into_bytes();
        let mut reader = BinaryReader::new(&bytes, "t");
        assert_eq!(reader.varint().unwrap(), 300);
        assert_eq!(reader.varint().unwrap(), u64::MAX);
        assert_eq!(reader.i16().unwrap(), -5);
        assert_eq!(reader.string().unwrap(), "nsubj:pass");
        assert!(reader.varint().is_err());
    }
}
