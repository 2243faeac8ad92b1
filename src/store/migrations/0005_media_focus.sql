-- Where the eye should go in a picture when a network crops it for previews: "x,y", each
-- from -1 to 1 (Mastodon's focal point; 0,0 is the centre). NULL: no preference.
ALTER TABLE media ADD COLUMN focus TEXT;
