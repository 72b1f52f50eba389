-- Links that do more (issue 15): redirect rules, A/B variants, UTM parameters, tags and a title on a link. Rules,
-- variants and utm are jsonb as the api validated them; the redirect reads them with the link into its caches, so a
-- link without them (NULL) costs the redirect nothing. Tags are a text[] with a GIN index for ?tag= and /tags.
ALTER TABLE links
    ADD COLUMN title    text,
    ADD COLUMN tags     text[] NOT NULL DEFAULT '{}',
    ADD COLUMN rules    jsonb,
    ADD COLUMN variants jsonb,
    ADD COLUMN utm      jsonb;
CREATE INDEX links_tags_idx ON links USING gin (tags) WHERE NOT is_deleted;
CREATE INDEX links_utm_campaign_idx ON links ((utm ->> 'campaign')) WHERE utm IS NOT NULL AND NOT is_deleted;

-- What the redirect chose: the index of the rule that matched (NULL: none did, or the link has none), the variant
-- (NULL: the link has none, or a rule matched) and the UTM source, medium and campaign sent on.
ALTER TABLE clicks
    ADD COLUMN rule         smallint,
    ADD COLUMN variant      smallint,
    ADD COLUMN utm_source   text,
    ADD COLUMN utm_medium   text,
    ADD COLUMN utm_campaign text;

-- Their breakdowns, rolled up as the others are; only clicks with a value are counted in them.
ALTER TABLE daily_stats
    ADD COLUMN rules         jsonb NOT NULL DEFAULT '{}',
    ADD COLUMN variants      jsonb NOT NULL DEFAULT '{}',
    ADD COLUMN utm_sources   jsonb NOT NULL DEFAULT '{}',
    ADD COLUMN utm_mediums   jsonb NOT NULL DEFAULT '{}',
    ADD COLUMN utm_campaigns jsonb NOT NULL DEFAULT '{}';
