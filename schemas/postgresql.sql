-- postgresql schema of extractor's records, generated from extractor/db.py: do not edit.

CREATE TABLE articles (
	id VARCHAR NOT NULL, 
	source VARCHAR, 
	title TEXT, 
	section VARCHAR, 
	lead TEXT, 
	published DATE, 
	language VARCHAR NOT NULL, 
	text TEXT NOT NULL, 
	authors JSONB NOT NULL, 
	captions JSONB NOT NULL, 
	warnings JSONB NOT NULL, 
	content_hash VARCHAR(64) NOT NULL, 
	CONSTRAINT pk_articles PRIMARY KEY (id)
);

CREATE TABLE cluster_keys (
	name_key VARCHAR NOT NULL, 
	profile_key VARCHAR NOT NULL, 
	profile_name VARCHAR NOT NULL, 
	CONSTRAINT pk_cluster_keys PRIMARY KEY (name_key)
);

CREATE TABLE clusters (
	article_id VARCHAR NOT NULL, 
	seq INTEGER NOT NULL, 
	name VARCHAR NOT NULL, 
	name_key VARCHAR NOT NULL, 
	founded INTEGER, 
	start_offset INTEGER, 
	end_offset INTEGER, 
	CONSTRAINT pk_clusters PRIMARY KEY (article_id, seq), 
	CONSTRAINT ck_clusters_span CHECK (end_offset >= start_offset), 
	CONSTRAINT fk_clusters_articles FOREIGN KEY(article_id) REFERENCES articles (id) ON DELETE CASCADE
);

CREATE TABLE dates (
	article_id VARCHAR NOT NULL, 
	seq INTEGER NOT NULL, 
	text VARCHAR NOT NULL, 
	value VARCHAR NOT NULL, 
	start_offset INTEGER, 
	end_offset INTEGER, 
	CONSTRAINT pk_dates PRIMARY KEY (article_id, seq), 
	CONSTRAINT ck_dates_span CHECK (end_offset >= start_offset), 
	CONSTRAINT fk_dates_articles FOREIGN KEY(article_id) REFERENCES articles (id) ON DELETE CASCADE
);

CREATE TABLE figures (
	article_id VARCHAR NOT NULL, 
	seq INTEGER NOT NULL, 
	text TEXT NOT NULL, 
	value DOUBLE PRECISION NOT NULL, 
	unit VARCHAR, 
	qualifier VARCHAR NOT NULL, 
	about TEXT, 
	start_offset INTEGER, 
	end_offset INTEGER, 
	CONSTRAINT pk_figures PRIMARY KEY (article_id, seq), 
	CONSTRAINT ck_figures_span CHECK (end_offset >= start_offset), 
	CONSTRAINT fk_figures_articles FOREIGN KEY(article_id) REFERENCES articles (id) ON DELETE CASCADE
);

CREATE TABLE organisations (
	article_id VARCHAR NOT NULL, 
	seq INTEGER NOT NULL, 
	name VARCHAR NOT NULL, 
	name_key VARCHAR NOT NULL, 
	acronym VARCHAR, 
	kind VARCHAR NOT NULL, 
	start_offset INTEGER, 
	end_offset INTEGER, 
	CONSTRAINT pk_organisations PRIMARY KEY (article_id, seq), 
	CONSTRAINT ck_organisations_span CHECK (end_offset >= start_offset), 
	CONSTRAINT fk_organisations_articles FOREIGN KEY(article_id) REFERENCES articles (id) ON DELETE CASCADE
);

CREATE TABLE people (
	article_id VARCHAR NOT NULL, 
	seq INTEGER NOT NULL, 
	name VARCHAR NOT NULL, 
	name_key VARCHAR NOT NULL, 
	mentions INTEGER, 
	start_offset INTEGER, 
	end_offset INTEGER, 
	CONSTRAINT pk_people PRIMARY KEY (article_id, seq), 
	CONSTRAINT ck_people_span CHECK (end_offset >= start_offset), 
	CONSTRAINT fk_people_articles FOREIGN KEY(article_id) REFERENCES articles (id) ON DELETE CASCADE
);

CREATE TABLE places (
	article_id VARCHAR NOT NULL, 
	seq INTEGER NOT NULL, 
	name VARCHAR NOT NULL, 
	kind VARCHAR NOT NULL, 
	region VARCHAR, 
	department VARCHAR, 
	country VARCHAR, 
	start_offset INTEGER, 
	end_offset INTEGER, 
	CONSTRAINT pk_places PRIMARY KEY (article_id, seq), 
	CONSTRAINT ck_places_span CHECK (end_offset >= start_offset), 
	CONSTRAINT fk_places_articles FOREIGN KEY(article_id) REFERENCES articles (id) ON DELETE CASCADE
);

CREATE TABLE quotes (
	article_id VARCHAR NOT NULL, 
	seq INTEGER NOT NULL, 
	text TEXT NOT NULL, 
	speaker VARCHAR, 
	speaker_key VARCHAR, 
	speaker_role VARCHAR, 
	cue VARCHAR, 
	start_offset INTEGER, 
	end_offset INTEGER, 
	CONSTRAINT pk_quotes PRIMARY KEY (article_id, seq), 
	CONSTRAINT ck_quotes_span CHECK (end_offset >= start_offset), 
	CONSTRAINT fk_quotes_articles FOREIGN KEY(article_id) REFERENCES articles (id) ON DELETE CASCADE
);

CREATE TABLE cluster_aliases (
	article_id VARCHAR NOT NULL, 
	cluster_seq INTEGER NOT NULL, 
	seq INTEGER NOT NULL, 
	alias VARCHAR NOT NULL, 
	alias_key VARCHAR NOT NULL, 
	CONSTRAINT pk_cluster_aliases PRIMARY KEY (article_id, cluster_seq, seq), 
	CONSTRAINT fk_cluster_aliases_clusters FOREIGN KEY(article_id, cluster_seq) REFERENCES clusters (article_id, seq) ON DELETE CASCADE
);

CREATE TABLE cluster_figures (
	article_id VARCHAR NOT NULL, 
	cluster_seq INTEGER NOT NULL, 
	seq INTEGER NOT NULL, 
	role VARCHAR NOT NULL CONSTRAINT ck_cluster_figures_role CHECK (role IN ('members', 'employees', 'other')), 
	text TEXT NOT NULL, 
	value DOUBLE PRECISION NOT NULL, 
	unit VARCHAR, 
	qualifier VARCHAR NOT NULL, 
	about TEXT, 
	start_offset INTEGER, 
	end_offset INTEGER, 
	CONSTRAINT pk_cluster_figures PRIMARY KEY (article_id, cluster_seq, seq), 
	CONSTRAINT ck_cluster_figures_span CHECK (end_offset >= start_offset), 
	CONSTRAINT fk_cluster_figures_clusters FOREIGN KEY(article_id, cluster_seq) REFERENCES clusters (article_id, seq) ON DELETE CASCADE
);

CREATE TABLE cluster_history (
	article_id VARCHAR NOT NULL, 
	cluster_seq INTEGER NOT NULL, 
	seq INTEGER NOT NULL, 
	year INTEGER NOT NULL, 
	kind VARCHAR NOT NULL, 
	CONSTRAINT pk_cluster_history PRIMARY KEY (article_id, cluster_seq, seq), 
	CONSTRAINT fk_cluster_history_clusters FOREIGN KEY(article_id, cluster_seq) REFERENCES clusters (article_id, seq) ON DELETE CASCADE
);

CREATE TABLE cluster_kinds (
	article_id VARCHAR NOT NULL, 
	cluster_seq INTEGER NOT NULL, 
	seq INTEGER NOT NULL, 
	kind VARCHAR NOT NULL, 
	CONSTRAINT pk_cluster_kinds PRIMARY KEY (article_id, cluster_seq, seq), 
	CONSTRAINT fk_cluster_kinds_clusters FOREIGN KEY(article_id, cluster_seq) REFERENCES clusters (article_id, seq) ON DELETE CASCADE
);

CREATE TABLE cluster_people (
	article_id VARCHAR NOT NULL, 
	cluster_seq INTEGER NOT NULL, 
	seq INTEGER NOT NULL, 
	name VARCHAR NOT NULL, 
	name_key VARCHAR NOT NULL, 
	role VARCHAR, 
	CONSTRAINT pk_cluster_people PRIMARY KEY (article_id, cluster_seq, seq), 
	CONSTRAINT fk_cluster_people_clusters FOREIGN KEY(article_id, cluster_seq) REFERENCES clusters (article_id, seq) ON DELETE CASCADE
);

CREATE TABLE cluster_places (
	article_id VARCHAR NOT NULL, 
	cluster_seq INTEGER NOT NULL, 
	seq INTEGER NOT NULL, 
	place VARCHAR NOT NULL, 
	CONSTRAINT pk_cluster_places PRIMARY KEY (article_id, cluster_seq, seq), 
	CONSTRAINT fk_cluster_places_clusters FOREIGN KEY(article_id, cluster_seq) REFERENCES clusters (article_id, seq) ON DELETE CASCADE
);

CREATE TABLE cluster_regions (
	article_id VARCHAR NOT NULL, 
	cluster_seq INTEGER NOT NULL, 
	seq INTEGER NOT NULL, 
	region VARCHAR NOT NULL, 
	CONSTRAINT pk_cluster_regions PRIMARY KEY (article_id, cluster_seq, seq), 
	CONSTRAINT fk_cluster_regions_clusters FOREIGN KEY(article_id, cluster_seq) REFERENCES clusters (article_id, seq) ON DELETE CASCADE
);

CREATE TABLE cluster_sectors (
	article_id VARCHAR NOT NULL, 
	cluster_seq INTEGER NOT NULL, 
	seq INTEGER NOT NULL, 
	sector VARCHAR NOT NULL, 
	CONSTRAINT pk_cluster_sectors PRIMARY KEY (article_id, cluster_seq, seq), 
	CONSTRAINT fk_cluster_sectors_clusters FOREIGN KEY(article_id, cluster_seq) REFERENCES clusters (article_id, seq) ON DELETE CASCADE
);

CREATE TABLE cluster_supporters (
	article_id VARCHAR NOT NULL, 
	cluster_seq INTEGER NOT NULL, 
	seq INTEGER NOT NULL, 
	supporter VARCHAR NOT NULL, 
	CONSTRAINT pk_cluster_supporters PRIMARY KEY (article_id, cluster_seq, seq), 
	CONSTRAINT fk_cluster_supporters_clusters FOREIGN KEY(article_id, cluster_seq) REFERENCES clusters (article_id, seq) ON DELETE CASCADE
);

CREATE TABLE person_roles (
	article_id VARCHAR NOT NULL, 
	person_seq INTEGER NOT NULL, 
	seq INTEGER NOT NULL, 
	title VARCHAR NOT NULL, 
	organisation VARCHAR, 
	CONSTRAINT pk_person_roles PRIMARY KEY (article_id, person_seq, seq), 
	CONSTRAINT fk_person_roles_people FOREIGN KEY(article_id, person_seq) REFERENCES people (article_id, seq) ON DELETE CASCADE
);

CREATE INDEX ix_articles_published ON articles (published);

CREATE INDEX ix_cluster_keys_profile_key ON cluster_keys (profile_key);

CREATE INDEX ix_clusters_name_key ON clusters (name_key);

CREATE INDEX ix_dates_value ON dates (value);

CREATE INDEX ix_organisations_name_key ON organisations (name_key);

CREATE INDEX ix_people_name_key ON people (name_key);

CREATE INDEX ix_places_name ON places (name);

CREATE INDEX ix_places_region ON places (region);

CREATE INDEX ix_quotes_speaker_key ON quotes (speaker_key);

CREATE INDEX ix_cluster_aliases_alias_key ON cluster_aliases (alias_key);

CREATE INDEX ix_cluster_kinds_kind ON cluster_kinds (kind);

CREATE INDEX ix_cluster_people_name_key ON cluster_people (name_key);

CREATE INDEX ix_cluster_regions_region ON cluster_regions (region);

CREATE VIEW cluster_profiles AS SELECT coalesce(cluster_keys.profile_key, clusters.name_key) AS profile_key, coalesce(cluster_keys.profile_name, clusters.name) AS profile_name, clusters.name AS cluster_name, clusters.article_id, clusters.seq AS cluster_seq, articles.published, articles.source, articles.title, cluster_figures.role AS figure_role, cluster_figures.value, cluster_figures.unit, cluster_figures.qualifier, cluster_figures.text AS figure_text, cluster_figures.about, cluster_figures.start_offset, cluster_figures.end_offset 
FROM clusters JOIN articles ON articles.id = clusters.article_id LEFT OUTER JOIN cluster_keys ON cluster_keys.name_key = clusters.name_key LEFT OUTER JOIN cluster_figures ON cluster_figures.article_id = clusters.article_id AND cluster_figures.cluster_seq = clusters.seq;
