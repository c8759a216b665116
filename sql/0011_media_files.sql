-- Listing photos, floor plans and certificate scans stored by ParkDesk (issue 15). A file is stored once,
-- by the SHA-256 of its bytes, in the media folder (`PARKDESK_MEDIA_DIR`): the original, kept for staff, and
-- for images the web sizes, EXIF-rotated and without any metadata. These rows say what exists; listing_media
-- says which listing shows which file, in order. A listing medium is a link (url) or a stored file, never both.
CREATE TYPE media_format AS ENUM ('jpeg', 'png', 'webp', 'heic', 'pdf');

CREATE TABLE media_files (
    sha256     text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    format     media_format NOT NULL,
    bytes      bigint NOT NULL CHECK (bytes > 0),
    -- the picture as shown (after EXIF rotation); NULL for PDFs
    width      integer CHECK (width > 0),
    height     integer CHECK (height > 0),
    -- the web sizes made from it: [{"name": "1280", "width": 1280, "height": 960, "bytes": 123456}], largest last
    sizes      jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(sizes) = 'array'),
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((width IS NULL) = (height IS NULL))
);

ALTER TABLE listing_media
    ALTER COLUMN url DROP NOT NULL,
    ADD COLUMN file_sha256 text REFERENCES media_files (sha256),
    ADD CONSTRAINT listing_media_link_or_file CHECK ((url IS NULL) <> (file_sha256 IS NULL));
CREATE INDEX listing_media_file ON listing_media (file_sha256) WHERE file_sha256 IS NOT NULL;
