--liquibase formatted sql

--changeset shadowtx:1
create table greetings (name varchar(40) primary key);
