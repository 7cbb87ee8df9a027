-- Help documents uploaded by administrators (issue 8): the extracted text is what is indexed and
-- shown; the original file is not kept. Times: epoch millis.
CREATE TABLE ai_help_documents (
    id          ${id},
    slug        VARCHAR(80)  NOT NULL,
    title       VARCHAR(200) NOT NULL,
    filename    VARCHAR(255) NOT NULL,
    kind        VARCHAR(10)  NOT NULL,
    content     ${text}      NOT NULL,
    size_bytes  BIGINT       NOT NULL,
    uploaded_by BIGINT,
    created_at  BIGINT       NOT NULL,
    updated_at  BIGINT       NOT NULL
);
CREATE UNIQUE INDEX ai_help_documents_slug ON ai_help_documents (slug);
